// One snapshot per scenario (the helm fixtures' values), so any change of output is reviewed.
import { fixtureNames, loadFixture, synthFixture } from './helpers';

test.each(fixtureNames())('scenario %s matches the snapshot', (name) => {
  expect(synthFixture(loadFixture(name))).toMatchSnapshot();
});
