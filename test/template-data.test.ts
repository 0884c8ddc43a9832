// The -pt ConfigMap's data as built: when it would pass 1 MiB, building stops, keeping what it built.
import { resolve } from '../src/resolve';
import { buildTemplateData } from '../src/task-template';

test('a base pod template over 1 MiB keeps its template.yaml beside the problem (outside enterprise mode)', () => {
  const props = { agentk8sglue: { basePodTemplate: { env: [{ name: 'BLOB', value: 'x'.repeat(1024 * 1024) }] } } };
  const resolution = resolve(props, { releaseName: 'agent', namespace: 'default' });
  if (!resolution.values) throw new Error(JSON.stringify(resolution.problems));
  const built = buildTemplateData(resolution);
  expect(built.tooBig?.path).toBe('agentk8sglue.basePodTemplate');
  expect(Object.keys(built.data)).toEqual(['template.yaml']);
  expect(built.data['template.yaml']).toContain('BLOB');
  expect(built.templates.map(({ queue }) => queue)).toEqual(['']);
});
