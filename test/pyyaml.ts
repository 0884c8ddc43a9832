// The glue's own YAML reader, asked directly: PyYAML's `yaml.load(text, Loader=FullLoader)`, as
// clearml_agent/glue/k8s.py reads template.yaml. python3 with PyYAML is on every machine this
// project builds on (CI included); one process reads a whole batch of texts.
import { execFileSync } from 'child_process';
import * as fs from 'fs';

/**
 * The system's python3 (Debian's, with python3-yaml), even where a version manager's shim comes first on PATH: a pyenv
 * shim runs a dozen bash scripts first, half a second for each call. PYTHON names another interpreter.
 */
const PYTHON = process.env.PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

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
  const output = execFileSync(PYTHON, ['-c', READER], { input: JSON.stringify(texts), maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(output.toString('utf8'));
}
