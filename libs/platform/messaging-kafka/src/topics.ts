import { createKafka, describeError, MessagingUnavailable, type KafkaClientOptions } from './kafka-client.js';

export interface EnsureTopicsOptions extends Omit<KafkaClientOptions, 'brokers'> {
  /** Replicas per partition of a created topic; default: the broker's default.replication.factor. */
  readonly replicationFactor?: number;
}

/** The broker refuses CreateTopics (the Kafka test broker may): topics must be created by other means. */
export class CreateTopicsUnsupported extends MessagingUnavailable {
  constructor(
    readonly brokers: readonly string[],
    readonly missing: readonly string[],
    cause: unknown,
  ) {
    super(
      `the brokers at ${brokers.join(',')} do not support CreateTopics, so ${missing.join(', ')} could not be created. ` +
        'Create them with the cluster\'s own tools, or on the Kafka test broker with ' +
        'startKafkaTestBroker({ topics }) / createTopic(name, partitions).',
      { cause },
    );
    this.name = 'CreateTopicsUnsupported';
  }
}

const unsupported = (error: unknown): boolean => {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) {
    const type = (e as { type?: unknown }).type;
    if (['KafkaJSServerDoesNotSupportApiKey', 'KafkaJSNotImplemented'].includes(e.name)) return true;
    if (type === 'UNSUPPORTED_VERSION' || type === 'INVALID_REQUEST') return true;
  }
  return false;
};

/** Creates those of `topics` that do not exist yet, with `partitions` partitions each, and waits for
 *  their leaders. Existing topics are left as they are (their partition count is not checked).
 *  Returns the names it created. Throws CreateTopicsUnsupported when the brokers lack the
 *  CreateTopics API, MessagingUnavailable on any other failure. */
export async function ensureTopics(
  brokers: readonly string[],
  topics: readonly string[],
  partitions: number,
  options: EnsureTopicsOptions = {},
): Promise<string[]> {
  const admin = createKafka({ ...options, brokers }, 'b2b-ensure-topics').admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (missing.length === 0) return [];
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          ...(options.replicationFactor !== undefined ? { replicationFactor: options.replicationFactor } : {}),
        })),
      });
    } catch (error: unknown) {
      if (unsupported(error)) throw new CreateTopicsUnsupported(brokers, missing, error);
      throw error;
    }
    return missing;
  } catch (error: unknown) {
    if (error instanceof MessagingUnavailable) throw error;
    throw new MessagingUnavailable(`could not ensure topics ${topics.join(', ')} on ${brokers.join(',')}: ${describeError(error)}`, { cause: error });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
