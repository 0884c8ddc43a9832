// Ports mode: one Service `clearml-session-N` per session slot, selecting the task pod the glue
// labels `ai.allegro.agent.serial: pod-N`. The same builder gives the Service objects and the
// `services-N.yaml` texts the glue applies itself with dynamic services.
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { FIXED, ReleaseNames } from './names';
import { ResolvedValues } from './resolve';
import { typed } from './typed';

/** Session Service number `n` (1-based), as plain Kubernetes JSON. */
export function buildSessionService(v: ResolvedValues, names: ReleaseNames, n: number): {
  apiVersion: string; kind: string; metadata: { [key: string]: unknown }; spec: { [key: string]: unknown };
} {
  const s = v.sessions;
  const nodePort = s.svcType === 'NodePort';
  const port = s.startingPort + n;
  const annotations = Object.keys(s.svcAnnotations).length > 0 ? { annotations: s.svcAnnotations } : {};
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: FIXED.sessionService(n), labels: names.commonLabels(v.agentk8sglue.labels), ...annotations },
    spec: {
      type: s.svcType,
      ports: [{
        targetPort: FIXED.sessionPort,
        port: nodePort ? FIXED.sessionPort : port,
        protocol: 'TCP',
        ...(nodePort ? { nodePort: port } : {}),
      }],
      selector: FIXED.sessionSelector(n),
    },
  };
}

/** The props of every session Service for resolved values, typed for the L1 class. */
export function sessionServicesProps(v: ResolvedValues, names: ReleaseNames): SessionServicesProps {
  const services: k8s.KubeServiceProps[] = [];
  for (let n = 1; n <= v.sessions.maxServices; n++) {
    const { metadata, spec } = buildSessionService(v, names, n);
    services.push({
      metadata: { ...metadata, namespace: v.namespace } as k8s.ObjectMeta,
      spec: typed<k8s.ServiceSpec>('io.k8s.api.core.v1.ServiceSpec', spec),
    });
  }
  return { services };
}

/** Props of {@link SessionServices}. */
export interface SessionServicesProps {
  /** The Services, in order, already built from the values. */
  readonly services: k8s.KubeServiceProps[];
}

/** The session Services (`clearml-session-1` … `clearml-session-MAX`), when not dynamic. */
export class SessionServices extends Construct {
  /** The Services, in order (index 0 is `clearml-session-1`). */
  public readonly services: k8s.KubeService[];

  constructor(scope: Construct, id: string, props: SessionServicesProps) {
    super(scope, id);
    this.services = props.services.map((service, i) => new k8s.KubeService(this, String(i + 1), service));
  }
}
