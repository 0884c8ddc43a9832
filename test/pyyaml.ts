// The glue's own YAML reader, asked directly: PyYAML's `yaml.load(text, Loader=FullLoader)`, as
// clearml_agent/glue/k8s.py reads template.yaml. python3 with PyYAML is on every machine this
// project builds on (CI included); one process reads a whole batch of texts.
import { execFileSync, spawnSync } from 'child_process';

/**
 * The Python to ask: CDK8S_CLEARML_PYTHON if set, else the first of /usr/bin/python3 (Debian's, with python3-yaml) and
 * python3 on PATH that imports yaml. The system's is tried first: a version manager's shim first on PATH (pyenv's) runs
 * a dozen bash scripts before Python, half a second for each call.
 */
function findPython(): string {
  const named = process.env.CDK8S_CLEARML_PYTHON;
  if (named) return named;
  return ['/usr/bin/python3', 'python3'].find((python) => spawnSync(python, ['-c', 'import yaml']).status === 0) ?? 'python3';
}

let python: string | undefined;

const READER = `
import json, sys, yaml
out = []
for text in json.load(sys.stdin):
    try:
        out.append({'value': yaml.load(text, Loader=yaml.FullLoader)})
    except Exception as e:
        out.append({'error': type(e).__name__ + ': ' + str(e).split('\\n')[0]})
json.dump(out, sys.stdout)
`;

/** What PyYAML reads from each text: its value, or the error it raises. */
export function pyYamlLoad(texts: readonly string[]): ({ value: unknown } | { error: string })[] {
  python ??= findPython();
  const output = execFileSync(python, ['-c', READER], { input: JSON.stringify(texts), maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(output.toString('utf8'));
}
