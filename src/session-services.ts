// Ports mode: a Service `clearml-session-N` per slot, selecting the pod labelled `ai.allegro.agent.serial: pod-N`; dynamic services' texts too.
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { FIXED } from './names';
import { ifAny, Json } from './plain-data';
import { plainJsonL1 } from './plain-json-l1';
import { Resolved } from './resolve';
/** Session Service number `n` (1-based), as plain Kubernetes JSON. */
export function buildSessionService(r: Resolved, n: number): { apiVersion: string; kind: string; metadata: Json; spec: Json } {
  const { values: { sessions: s, agentk8sglue: g }, names } = r;
  const nodePort = s.svcType === 'NodePort';
  const port = s.startingPort + n;
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: FIXED.sessionService(n), labels: names.serviceLabels(g.labels), ...ifAny('annotations', s.svcAnnotations) },
    spec: {
      type: s.svcType,
      ports: [{ targetPort: FIXED.sessionPort, port: nodePort ? FIXED.sessionPort : port, protocol: 'TCP', ...(nodePort ? { nodePort: port } : {}) }],
      selector: FIXED.sessionSelector(n),
    },
  };
}

/** Props of {@link SessionServices}. */
export interface SessionServicesProps {
  /** The Services, in order, already built from the values. Props that are plain JSON (no `IntOrString` or `Quantity` objects)
   * are rendered as given, keys sorted; the rest through the L1 class's conversion. */
  readonly services: k8s.KubeServiceProps[];
}

/** The session Services (`clearml-session-1` … `clearml-session-MAX`), when not dynamic. */
export class SessionServices extends Construct {
  /** The Services, in order (index 0 is `clearml-session-1`). */
  public readonly services: k8s.KubeService[];
  constructor(scope: Construct, id: string, props: SessionServicesProps) {
    super(scope, id);
    this.services = props.services.map((service, i) => plainJsonL1(k8s.KubeService, this, String(i + 1), service));
  }
}
