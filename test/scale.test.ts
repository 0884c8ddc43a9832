// Many file mounts: every one reaches its Secret and its mount. How the time grows with their
// number (the generated toJson_* functions once copied the map once per key) is measured by
// `npm run bench`, not here.
import { decodeSecret, find, synth, taskTemplate } from './helpers';

test('thousands of file mounts: each in the -fm Secret and mounted in the task pod', () => {
  const fileMounts = Array.from({ length: 2000 }, (_, i) => ({ name: `f${i}.txt`, folderPath: '/files', fileContent: `${i}` }));
  const objects = synth({ agentk8sglue: { basePodTemplate: { fileMounts } } });
  const files = decodeSecret(find(objects, 'Secret', 'agent-fm'));
  expect(Object.keys(files)).toHaveLength(2000);
  expect(files['f1999.txt']).toBe('1999');
  const mounts = taskTemplate(objects).spec.containers[0].volumeMounts;
  expect(mounts).toHaveLength(2000);
  expect(mounts[1999]).toEqual({ name: 'filemounts', mountPath: '/files/f1999.txt', subPath: 'f1999.txt', readOnly: true });
});
