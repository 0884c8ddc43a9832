// Credentials, passwords, clearml.conf and file-mount contents go into Secret `data` and nowhere
// else: not into the ConfigMap (which any pod reader can see), annotations, labels or env values.
// Each secret string of each scenario is searched for, raw, JSON-escaped and base64-encoded, in
// the JSON of every non-Secret object (and in the parsed texts of the ConfigMap), and in the
// metadata of the Secrets.
import { decodeSecret, Obj } from './helpers';
import { parse11, Scenario, SCENARIOS, synthScenario } from './scenarios';

interface SecretString {
  readonly where: string;
  readonly value: string;
  /** The construct renders this value (into a Secret); false when an existing Secret replaces it. */
  readonly rendered: boolean;
}

/** The strings of a scenario that must stay secret (only the ones its values set, long enough to be distinctive). */
function secretStrings(s: Scenario): SecretString[] {
  const v: any = s.props;
  const out: SecretString[] = [];
  const add = (where: string, value: unknown, rendered: boolean) => {
    if (typeof value !== 'string') return;
    if (value.length >= 6) out.push({ where, value, rendered });
    // Lines of multi-line contents too: a YAML or JSON rendering would split the whole.
    if (value.includes('\n')) {
      value.split('\n').map((l) => l.trim()).filter((l) => l.length >= 12)
        .forEach((line, i) => out.push({ where: `${where} line ${i + 1}`, value: line, rendered }));
    }
  };
  const c = v.clearml ?? {};
  const ownAc = !(c.existingAgentk8sglueSecret && c.existingClearmlConfigSecret);
  add('clearml.agentk8sglueKey', c.agentk8sglueKey, ownAc);
  add('clearml.agentk8sglueSecret', c.agentk8sglueSecret, ownAc);
  add('clearml.clearmlConfig', c.clearmlConfig, ownAc);
  const r = v.imageCredentials ?? {};
  add('imageCredentials.password', r.password, r.enabled === true && !r.existingSecret);
  const files = (at: string, mounts: any[] | undefined, rendered: boolean) =>
    (mounts ?? []).forEach((m, i) => add(`${at}[${i}].fileContent`, m.fileContent, rendered));
  files('agentk8sglue.fileMounts', v.agentk8sglue?.fileMounts, true);
  files('agentk8sglue.basePodTemplate.fileMounts', v.agentk8sglue?.basePodTemplate?.fileMounts, true);
  for (const [queue, q] of Object.entries<any>(v.enterpriseFeatures?.queues ?? {})) {
    files(`enterpriseFeatures.queues.${queue}.templateOverrides.fileMounts`, q?.templateOverrides?.fileMounts,
      v.enterpriseFeatures?.enabled === true);
  }
  return out;
}

/** The forms a string can take in rendered JSON. */
function forms(value: string): string[] {
  return [value, JSON.stringify(value).slice(1, -1), Buffer.from(value, 'utf8').toString('base64')];
}

/** Every text a non-Secret object shows: its JSON, and its ConfigMap texts parsed (YAML may re-quote). */
function visibleTexts(o: Obj): string[] {
  const texts = [JSON.stringify(o)];
  if (o.kind === 'ConfigMap') {
    for (const text of Object.values<string>(o.data ?? {})) texts.push(JSON.stringify(parse11(text)));
  }
  return texts;
}

/** Where a string shows outside Secret data: object names. */
function leaksOf(objects: Obj[], value: string): string[] {
  const leaks: string[] = [];
  for (const o of objects) {
    if (o.kind === 'Secret') {
      const outside = JSON.stringify({ ...o, data: undefined });
      if (forms(value).some((f) => outside.includes(f))) leaks.push(`${o.kind}/${o.metadata.name} (outside data)`);
    } else if (visibleTexts(o).some((text) => forms(value).some((f) => text.includes(f)))) {
      leaks.push(`${o.kind}/${o.metadata.name}`);
    }
  }
  return leaks;
}

const withSecrets = SCENARIOS.map((s) => ({ s, strings: secretStrings(s) })).filter((x) => x.strings.length > 0);

test('several scenarios carry distinctive secrets, from every source', () => {
  const wheres = new Set(withSecrets.flatMap((x) => x.strings.map((str) => str.where.replace(/\[\d+\].*| line \d+$|\.queues\.[^.]+/g, ''))));
  expect([...wheres].sort()).toEqual(expect.arrayContaining([
    'agentk8sglue.basePodTemplate.fileMounts', 'agentk8sglue.fileMounts', 'clearml.agentk8sglueKey',
    'clearml.agentk8sglueSecret', 'clearml.clearmlConfig', 'enterpriseFeatures.templateOverrides.fileMounts',
    'imageCredentials.password',
  ]));
});

describe.each(withSecrets.map((x) => [x.s.name, x] as const))('%s', (_name, { s, strings }) => {
  const objects = synthScenario(s);
  const secrets = objects.filter((o) => o.kind === 'Secret');

  test.each(strings.map((str) => [str.where, str] as const))('%s stays in Secret data', (_where, str) => {
    expect(leaksOf(objects, str.value)).toEqual([]);

    if (str.rendered) {
      const holders = secrets.filter((secret) => Object.values(decodeSecret(secret))
        .some((content) => forms(str.value).slice(0, 2).some((f) => content.includes(f))));
      expect(holders.map((h) => h.metadata.name)).not.toEqual([]);
    }
  });
});

test('fails: a secret pasted into an annotation, an env value or a label is found', () => {
  const secret = 'Hygiene-Pasted-9999';
  const objects = synthScenario({
    name: 'leaky',
    props: {
      clearml: { agentk8sglueKey: secret },
      agentk8sglue: {
        annotations: { note: secret },
        extraEnvs: [{ name: 'KEY', value: `x${secret}x` }],
        basePodTemplate: { labels: { k: secret } },
      },
    },
  });
  expect(leaksOf(objects, secret).sort()).toEqual(['ConfigMap/agent-pt', 'Deployment/agent']);
});
