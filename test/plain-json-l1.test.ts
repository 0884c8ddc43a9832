// The sub-constructs' L1 objects render plain-JSON props as given; that leaves their own keys as a KubeX's.
import { App, Chart } from 'cdk8s';
import * as k8s from '../imports/k8s';
import { ClearmlAgent } from '../src';

test('the plain-JSON rendering adds no enumerable key to the L1 objects', () => {
  const agent = new ClearmlAgent(new Chart(new App(), 'c'), 'agent', {});
  const plain = new k8s.KubeDeployment(new Chart(new App(), 'plain'), 'Resource', { spec: { selector: {}, template: {} } });
  expect(Object.keys(agent.glueDeployment.deployment).sort()).toEqual(Object.keys(plain).sort());
  expect(Object.keys(agent.glueDeployment.deployment)).not.toContain('toJson');
  expect(agent.glueDeployment.deployment.toJson()).toMatchObject({ kind: 'Deployment' });
});
