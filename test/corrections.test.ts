// The chart 3.1.4 bugs this library corrects. Each test states what the chart renders and
// would fail on the chart's output (see the fixture named in the comment where there is one).
import { execFileSync } from 'child_process';
import crypto = require('crypto');
import { runCli } from '../src/cli/run';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { decodeSecret, deployment, errorOf, find, FIXTURES_5, glueContainer, glueEnv, has, loadFixture, synth, taskTemplate, tempDir } from './helpers';

describe('1. imageCredentials.existingSecret is the pull-secret name', () => {
  const objects = synth({ imageCredentials: { enabled: true, existingSecret: 'my-pull-secret' } });

  test('on the glue pod (the chart writes the literal text ".Values.imageCredentials.existingSecret")', () => {
    expect(deployment(objects).spec.template.spec.imagePullSecrets).toEqual([{ name: 'my-pull-secret' }]);
    const chart = loadFixture('existing-secrets').helm.find((o) => o.kind === 'Deployment')!;
    expect(chart.spec.template.spec.imagePullSecrets).toEqual([{ name: '.Values.imageCredentials.existingSecret' }]);
  });

  test('in the task template, and no registry Secret is generated', () => {
    expect(taskTemplate(objects).spec.imagePullSecrets).toEqual([{ name: 'my-pull-secret' }]);
    expect(has(objects, 'Secret', 'agent-ark')).toBe(false);
  });

  test('in every enterprise queue template', () => {
    const ent = synth({
      imageCredentials: { enabled: true, existingSecret: 'my-pull-secret' },
      enterpriseFeatures: { enabled: true, queues: { a: {}, b: {} } },
    });
    const templates = taskTemplate(ent);
    expect(templates.a.spec.imagePullSecrets).toEqual([{ name: 'my-pull-secret' }]);
    expect(templates.b.spec.imagePullSecrets).toEqual([{ name: 'my-pull-secret' }]);
  });
});

describe('2. the generated pull secret is referenced correctly in the task template', () => {
  test('template.yaml parses and names RELEASE-ark (the chart writes "- name: name: RELEASE-ark")', () => {
    const objects = synth({ imageCredentials: { enabled: true, username: 'bot', password: 'pw' } }, { id: 'private' });
    expect(taskTemplate(objects).spec.imagePullSecrets).toEqual([{ name: 'private-ark' }]);
    expect(deployment(objects).spec.template.spec.imagePullSecrets).toEqual([{ name: 'private-ark' }]);
    const chartCm = loadFixture('registry-generated').helm.find((o) => o.kind === 'ConfigMap')!;
    expect(() => YAML.parse(chartCm.data['template.yaml'])).toThrow();
  });
});

describe('3. existing agent and clearml.conf Secrets are used by the glue too', () => {
  test('existingAgentk8sglueSecret feeds the glue\'s API credentials (the chart keeps RELEASE-ac)', () => {
    const env = glueEnv(synth({ clearml: { existingAgentk8sglueSecret: 'creds' } }));
    expect(env.CLEARML_API_ACCESS_KEY).toEqual({ secretKeyRef: { name: 'creds', key: 'agentk8sglue_key' } });
    expect(env.CLEARML_API_SECRET_KEY).toEqual({ secretKeyRef: { name: 'creds', key: 'agentk8sglue_secret' } });
  });

  test('existingClearmlConfigSecret is mounted as /root/clearml.conf', () => {
    const objects = synth({ clearml: { existingClearmlConfigSecret: 'conf' } });
    const spec = deployment(objects).spec.template.spec;
    const volume = spec.volumes.find((v: any) => v.name === 'k8sagent-clearml-conf-volume');
    expect(volume.secret).toEqual({ secretName: 'conf', items: [{ key: 'clearml.conf', path: 'clearml.conf' }] });
    expect(glueContainer(objects).volumeMounts).toContainEqual(
      { name: 'k8sagent-clearml-conf-volume', mountPath: '/root/clearml.conf', subPath: 'clearml.conf', readOnly: true });
  });

  test('existingClearmlConfigSecret is mounted even when clearmlConfig is empty', () => {
    const objects = synth({ clearml: { existingClearmlConfigSecret: 'conf', clearmlConfig: '' } });
    expect(glueContainer(objects).volumeMounts.map((m: any) => m.mountPath)).toContain('/root/clearml.conf');
  });

  test('RELEASE-ac holds only what the existing Secrets do not provide (the chart keeps the placeholders)', () => {
    const chartAc = loadFixture('existing-agent-secret-only', FIXTURES_5).helm.find((o) => o.metadata.name.endsWith('-ac'))!;
    expect(Object.keys(chartAc.data).sort()).toEqual(['agentk8sglue_key', 'agentk8sglue_secret', 'clearml.conf']);
    for (const chartVersion of ['3.1.4', '5.3.0']) {
      const ac = (clearml: object) => decodeSecret(synth({ chartVersion, clearml }).find((o) => o.kind === 'Secret' && o.metadata.name.endsWith('-ac'))!);
      expect(ac({ existingAgentk8sglueSecret: 'a' })).toEqual({ 'clearml.conf': 'sdk {\n}' });
      expect(ac({ existingClearmlConfigSecret: 'b', agentk8sglueKey: 'k', agentk8sglueSecret: 's' })).toEqual({ agentk8sglue_key: 'k', agentk8sglue_secret: 's' });
    }
  });

  test('RELEASE-ac is not created when both are set, and is when only one is', () => {
    expect(has(synth({ clearml: { existingAgentk8sglueSecret: 'a', existingClearmlConfigSecret: 'b' } }), 'Secret', 'agent-ac')).toBe(false);
    expect(has(synth({ clearml: { existingAgentk8sglueSecret: 'a' } }), 'Secret', 'agent-ac')).toBe(true);
    expect(has(synth({ clearml: { existingClearmlConfigSecret: 'b' } }), 'Secret', 'agent-ac')).toBe(true);
  });
});

describe('4. basePodTemplate fields the chart drops outside enterprise mode', () => {
  const objects = synth({
    agentk8sglue: {
      basePodTemplate: {
        initContainers: [{ name: 'prepare', image: 'busybox:1.36', command: ['true'] }],
        schedulerName: 'gpu-scheduler',
        securityContext: { runAsUser: 1000 },
        hostAliases: [{ ip: '10.0.0.1', hostnames: ['a.local'] }],
        volumes: [{ name: 'data', emptyDir: {} }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
        fileMounts: [{ name: 'hello.txt', folderPath: '/etc/hello', fileContent: 'hi' }],
      },
    },
  });
  const spec = taskTemplate(objects).spec;

  test('initContainers, schedulerName, securityContext and hostAliases (a list) are applied', () => {
    expect(spec.initContainers).toEqual([{ name: 'prepare', image: 'busybox:1.36', command: ['true'] }]);
    expect(spec.schedulerName).toBe('gpu-scheduler');
    expect(spec.securityContext).toEqual({ runAsUser: 1000 });
    expect(spec.hostAliases).toEqual([{ ip: '10.0.0.1', hostnames: ['a.local'] }]);
  });

  test('file mounts get the RELEASE-fm Secret and the filemounts volume', () => {
    expect(spec.volumes).toEqual([{ name: 'data', emptyDir: {} }, { name: 'filemounts', secret: { secretName: 'agent-fm' } }]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { name: 'filemounts', mountPath: '/etc/hello/hello.txt', subPath: 'hello.txt', readOnly: true },
    ]);
    expect(decodeSecret(find(objects, 'Secret', 'agent-fm'))).toEqual({ 'hello.txt': 'hi' });
  });

  test('the chart\'s default `hostAliases: {}` is accepted as an empty list', () => {
    const t = taskTemplate(synth({ agentk8sglue: { basePodTemplate: { hostAliases: {} as any } } }));
    expect(t.spec.hostAliases).toBeUndefined();
  });
});

describe('5. values are data, never text', () => {
  const script = 'echo "it\'s \\"quoted\\"" && printf \'%s\\n\' $HOME: {x}\n# second line';
  const password = 'p@ss"w\\ord:{}';
  const objects = synth({
    agentk8sglue: { queue: '2023', customBashScript: script, containerCustomBashScript: script },
    imageCredentials: { enabled: true, registry: 'registry.example.com', username: 'bot', password, email: 'a@b.c' },
  });

  test('every env value is a string (queue "2023" stays "2023")', () => {
    const env = glueEnv(objects);
    expect(env.K8S_GLUE_QUEUE).toBe('2023');
    for (const e of glueContainer(objects).env) if ('value' in e) expect(typeof e.value).toBe('string');
  });

  test('scripts reach the manifests byte for byte', () => {
    const env = glueEnv(objects);
    expect(env.CLEARML_K8S_GLUE_EXTRA_BASH_SCRIPT).toBe(script);
    expect(env.CLEARML_K8S_GLUE_POD_BASH_SCRIPT).toBe(script);
  });

  test('.dockerconfigjson is real JSON with the password byte for byte', () => {
    const config = JSON.parse(decodeSecret(find(objects, 'Secret', 'agent-ark'))['.dockerconfigjson']);
    expect(config.auths['registry.example.com']).toEqual({
      username: 'bot', password, email: 'a@b.c', auth: Buffer.from(`bot:${password}`).toString('base64'),
    });
  });

  test('YAML 1.1 look-alikes in template.yaml stay strings for the glue\'s Python loader', () => {
    const t = synth({ agentk8sglue: { basePodTemplate: { env: [{ name: 'A', value: 'yes' }, { name: 'B', value: '0777' }, { name: 'C', value: 'on' }] } } });
    const text = find(t, 'ConfigMap').data['template.yaml'];
    const env = YAML.parse(text, { version: '1.1' }).spec.containers[0].env;
    expect(env.slice(-3)).toEqual([{ name: 'A', value: 'yes' }, { name: 'B', value: '0777' }, { name: 'C', value: 'on' }]);
  });

  test('queue names reach template.yaml and K8S_GLUE_QUEUE byte for byte in enterprise mode', () => {
    const ent = synth({ enterpriseFeatures: { enabled: true, queues: { '2023': {}, 'true': {}, 'a.b_c': {} } } });
    expect(glueEnv(ent).K8S_GLUE_QUEUE).toBe('2023 a.b_c true');
    expect(Object.keys(taskTemplate(ent))).toEqual(['2023', 'a.b_c', 'true']);
  });
});

describe('6. the init container waits for the servers', () => {
  // The script is run for real with /bin/sh, a fake curl and a no-op sleep.
  function run(codes: { [url: string]: string[] }, checkCertificate = true): { log: string; calls: string } {
    const dir = tempDir('init-');
    for (const [url, list] of Object.entries(codes)) fs.writeFileSync(path.join(dir, Buffer.from(url).toString('hex')), list.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'curl'), `#!/bin/sh
for last; do :; done
echo "$*" >> "${dir}/calls"
f="${dir}/$(printf %s "$last" | od -An -tx1 | tr -d ' \\n')"
code=$(head -n 1 "$f"); if [ "$(wc -l < "$f")" -gt 1 ]; then sed -i 1d "$f"; fi
printf %s "$code"
`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'sleep'), '#!/bin/sh\n', { mode: 0o755 });
    const objects = synth({ agentk8sglue: { clearmlcheckCertificate: checkCertificate } });
    const init = deployment(objects).spec.template.spec.initContainers[0];
    const env = Object.fromEntries(init.env.map((e: any) => [e.name, e.value]));
    const log = execFileSync(init.command[0], init.command.slice(1), {
      env: { ...env, PATH: `${dir}:${process.env.PATH}` }, timeout: 10000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { log, calls: fs.readFileSync(path.join(dir, 'calls'), 'utf8') };
  }

  test('it retries each server until it answers (the chart skips the file server under /bin/sh)', () => {
    const { log } = run({
      'https://api.clear.ml/debug.ping': ['000', '502', '200'],
      'https://files.clear.ml/': ['000', '503', '405'],
      'https://app.clear.ml/': ['000', '200'],
    });
    expect(log.match(/waiting for apiserver/g)).toHaveLength(2);
    expect(log.match(/waiting for fileserver/g)).toHaveLength(2);
    expect(log.match(/waiting for webserver/g)).toHaveLength(1);
  });

  test('curl gets --insecure exactly when clearmlcheckCertificate is false', () => {
    const answering = { 'https://api.clear.ml/debug.ping': ['200'], 'https://files.clear.ml/': ['200'], 'https://app.clear.ml/': ['200'] };
    expect(run(answering, false).calls.split('\n').filter(Boolean).every((c) => c.includes('--insecure'))).toBe(true);
    expect(run(answering, true).calls).not.toContain('--insecure');
  });
});

describe('7. with clearmlcheckCertificate false, task pods skip certificate checks too', () => {
  test('CLEARML_API_HOST_VERIFY_CERT=false in the task template (the chart sets it on the glue only)', () => {
    const env = taskTemplate(synth({ agentk8sglue: { clearmlcheckCertificate: false } })).spec.containers[0].env;
    expect(env).toContainEqual({ name: 'CLEARML_API_HOST_VERIFY_CERT', value: 'false' });
    const chart = loadFixture('insecure').helm.find((o) => o.kind === 'ConfigMap')!;
    expect(chart.data['template.yaml']).not.toContain('CLEARML_API_HOST_VERIFY_CERT');
  });
});

describe('8. the glue pod carries a checksum of what it reads at start', () => {
  const checksum = (props: any) => deployment(synth(props)).spec.template.metadata.annotations['checksum/config'];

  test('the same input always gives the same checksum', () => {
    expect(checksum({ agentk8sglue: { queue: 'q' } })).toBe(checksum({ agentk8sglue: { queue: 'q' } }));
  });

  test.each([
    ['clearml.conf', { clearml: { clearmlConfig: 'sdk { a: 1 }' } }],
    ['credentials', { clearml: { agentk8sglueSecret: 'other' } }],
    ['task template', { agentk8sglue: { basePodTemplate: { labels: { a: 'b' } } } }],
    ['glue file mount content', { agentk8sglue: { fileMounts: [{ name: 'f', folderPath: '/x', fileContent: 'changed' }] } }],
  ])('a change of %s changes it', (_, props) => {
    expect(checksum(props)).not.toBe(checksum({}));
  });

  test('what task pods read by name when they start does not restart the glue: their file mounts, the pull Secret', () => {
    const mounts = (content: string) => ({ agentk8sglue: { basePodTemplate: { fileMounts: [{ name: 'f', folderPath: '/x', fileContent: content }] } } });
    expect(checksum(mounts('a'))).toBe(checksum(mounts('b')));
    const registry = (password: string) => ({ imageCredentials: { enabled: true, username: 'u', password } });
    expect(checksum(registry('a'))).toBe(checksum(registry('b')));
  });

  test('is the SHA-256 of the ConfigMap\'s data and of the data of the Secrets the glue pod reads', () => {
    const objects = synth({ clearml: { agentk8sglueKey: 'K', agentk8sglueSecret: 'S' }, agentk8sglue: { fileMounts: [{ name: 'f', folderPath: '/x' }] } });
    const data = find(objects, 'ConfigMap').data;
    const glueSecrets = ['agent-ac', 'agent-afm'].map((name) => find(objects, 'Secret', name).data);
    expect(deployment(objects).spec.template.metadata.annotations['checksum/config'])
      .toBe(crypto.createHash('sha256').update(JSON.stringify([data, glueSecrets])).digest('hex'));
  });

  // Node before 20.12 has no crypto.hash, and the test above checks createHash's digest there.
  (typeof (crypto as { hash?: unknown }).hash === 'function' ? test : test.skip)('is crypto.hash\'s, and createHash\'s where Node has no crypto.hash', () => {
    const props = { clearml: { agentk8sglueKey: 'K' } };
    const expected = checksum(props);
    const node = crypto as { hash?: unknown };
    const hash = node.hash;
    try {
      node.hash = () => 'from crypto.hash';
      expect(checksum(props)).toBe('from crypto.hash');
      node.hash = undefined;
      expect(checksum(props)).toBe(expected);
    } finally {
      node.hash = hash;
    }
  });
});

describe('secrets are never echoed', () => {
  test.each([
    ['a numeric password', { imageCredentials: { enabled: true, password: 12345678 } }, 'imageCredentials.password: expected a string, got a number; quote it in the values file'],
    ['a numeric secret key', { clearml: { agentk8sglueSecret: 987654321 } }, 'clearml.agentk8sglueSecret: expected a string, got a number; quote it in the values file'],
    ['a map as clearml.conf', { clearml: { clearmlConfig: { secret: 'S3cr3tV4lue' } } }, 'clearml.clearmlConfig: expected a string, got a map'],
    ['a boolean file content', { agentk8sglue: { fileMounts: [{ name: 'f', folderPath: '/x', fileContent: true }] } }, 'agentk8sglue.fileMounts[0].fileContent: expected a string, got a boolean; quote it in the values file'],
  ])('fails on %s without showing it', (_, props, expected) => {
    const message = errorOf(props);
    expect(message).toBe(expected);
    expect(message).not.toMatch(/12345678|987654321|S3cr3tV4lue|true/);
  });

  test('fails: a --set syntax error shows the key, not the value', () => {
    const r = runCli(['template', 'rel', '--set', 'clearml.agentk8sglueSecret=s3cr3t,oops']);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).not.toContain('s3cr3t');
    expect(r.stderr.join('\n')).toContain('--set "clearml.agentk8sglueSecret=…"');
  });
});
