// --set writes plain own keys whatever Object.prototype holds: the maps it makes are ordinary `{}`, and an assignment
// into them would go through an inherited setter (the value lost) or an inherited read-only key (an internal error).
import { HelmValues } from '../src';

function withInherited(key: string, descriptor: PropertyDescriptor, run: () => void): void {
  Object.defineProperty(Object.prototype, key, { ...descriptor, configurable: true });
  try {
    run();
  } finally {
    delete (Object.prototype as Record<string, unknown>)[key];
  }
}

test('an inherited setter does not swallow a --set value', () => {
  let swallowed = 0;
  withInherited('sinkKey', { get: () => undefined, set: () => { swallowed++; } }, () => {
    const values = HelmValues.read([], { set: ['sinkKey=x', 'agentk8sglue.sinkKey=y'] }) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(values, 'sinkKey')?.value).toBe('x');
    const glue = values.agentk8sglue as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(glue, 'sinkKey')?.value).toBe('y');
  });
  expect(swallowed).toBe(0);
});

test('an inherited read-only key (a frozen Object.prototype) does not make --set throw', () => {
  withInherited('fixedKey', { value: 'inherited', writable: false }, () => {
    const values = HelmValues.read([], { setString: ['fixedKey=x', 'agentk8sglue.fixedKey=y'] }) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(values, 'fixedKey')?.value).toBe('x');
    expect(Object.getOwnPropertyDescriptor(values.agentk8sglue as object, 'fixedKey')?.value).toBe('y');
  });
});
