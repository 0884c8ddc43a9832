// Many file mounts: every one reaches its Secret and its mount. How the time grows with their
// number (the generated toJson_* functions once copied the map once per key) is measured by
// `npm run bench`, not here.
import { decodeSecret, find, synth, taskTemplate } from './helpers';

test('a thousand file mounts: each in the -fm Secret and mounted in the task pod', () => {
  const fileMounts = Array.from({ length: 1000 }, (_, i) => ({ name: `f${i}.txt`, folderPath: '/files', fileContent: `${i}` }));
  const objects = synth({ agentk8sglue: { basePodTemplate: { fileMounts } } });
  const files = decodeSecret(find(objects, 'Secret', 'agent-fm'));
  expect(Object.keys(files)).toHaveLength(1000);
  expect(files['f999.txt']).toBe('999');
  const mounts = taskTemplate(objects).spec.containers[0].volumeMounts;
  expect(mounts).toHaveLength(1000);
  expect(mounts[999]).toEqual({ name: 'filemounts', mountPath: '/files/f999.txt', subPath: 'f999.txt', readOnly: true });
});
