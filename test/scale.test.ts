// Guards against the quadratic paths found by profiling (see BENCHMARKS.md): maps copied one
// object spread per key by the generated toJson_* functions.
import { synth } from './helpers';

const timed = (fn: () => void): number => {
  const start = Date.now();
  fn();
  return Date.now() - start;
};

test('thousands of file mounts render in well under the seconds a quadratic copy took', () => {
  const fileMounts = Array.from({ length: 4000 }, (_, i) => ({ name: `f${i}.txt`, folderPath: '/files', fileContent: `${i}` }));
  synth({ agentk8sglue: { basePodTemplate: { fileMounts: fileMounts.slice(0, 100) } } }); // warm-up
  // 4.8 s before the Secrets rendered their data as given; ~0.3 s after.
  expect(timed(() => synth({ agentk8sglue: { basePodTemplate: { fileMounts } } }))).toBeLessThan(2500);
});
