/*
 * kafka-test-broker: a Kafka-protocol broker for tests, built on librdkafka's
 * mock cluster (librdkafka 2.12.0 + patches/librdkafka-2.12.0-mock.patch).
 *
 * Usage:
 *   kafka-test-broker [--brokers N] [--partitions P] [--topic NAME[:P]]...
 *                     [--port PORT] [--rebalance-max-ms MS]
 *                     [--fetch-max-wait-ms MS] [--debug]
 *
 * Protocol (line based):
 *   stdout: one line "BOOTSTRAP host:port[,host:port...]" once ready, then
 *           exactly one "OK" or "ERR <reason>" line per command.
 *   stdin:  topic <name> <partitions>   create a topic
 *           down <brokerId>             broker drops connections, refuses new
 *           up <brokerId>               broker accepts connections again
 *           quit                        shut down
 *   Shuts down on stdin EOF, SIGTERM or SIGINT. Logs go to stderr.
 *
 * Broker ids: librdkafka's mock numbers brokers 1..N but always reports
 * ControllerId 0 in Metadata, which kafkajs resolves to "Broker 0 not found".
 * So we create N brokers, add broker 0 and decommission broker N: the
 * cluster ends up with ids 0..N-1 and the controller (0) exists.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rdkafka.h"
#include "rdkafka_mock.h"

#define MAX_TOPICS 256

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
        (void)sig;
        stop_requested = 1;
}

static void usage(const char *argv0) {
        fprintf(stderr,
                "Usage: %s [--brokers N] [--partitions P] "
                "[--topic NAME[:P]]... [--port PORT] "
                "[--rebalance-max-ms MS] [--fetch-max-wait-ms MS] [--debug]\n"
                "  --brokers N          number of brokers, ids 0..N-1 "
                "(default 1)\n"
                "  --partitions P       partitions of auto-created topics "
                "(default 3)\n"
                "  --topic NAME[:P]     pre-create a topic (repeatable)\n"
                "  --port PORT          broker i listens on 127.0.0.1:PORT+i "
                "(default: random free ports)\n"
                "  --rebalance-max-ms MS  cap on waiting for members that do "
                "not rejoin a rebalance\n"
                "                       (default: session.timeout - 1s)\n"
                "  --fetch-max-wait-ms MS  park a Fetch without data at most "
                "MS (default 200;\n"
                "                       0 = the client's maxWaitTime). New "
                "data answers it at once.\n"
                "  --debug              librdkafka mock debug log on stderr\n",
                argv0);
}

static int parse_int(const char *s, int min, int max, int *out) {
        char *end;
        long v;
        errno = 0;
        v     = strtol(s, &end, 10);
        if (errno || end == s || *end || v < min || v > max)
                return -1;
        *out = (int)v;
        return 0;
}

/* Replication factor used for topics we create ourselves: like the mock's
 * auto-create default, min(3, brokers). */
static int replication_factor(int brokers) {
        return brokers < 3 ? brokers : 3;
}

static void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void reply(const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        vfprintf(stdout, fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
        fflush(stdout);
}

/* Handles one command line. Returns 1 if the launcher should quit. */
static int handle_command(rd_kafka_mock_cluster_t *mc, int brokers,
                          char *line) {
        char *argv[4];
        int argc = 0, id, partitions;
        char *tok, *save = NULL;
        rd_kafka_resp_err_t err;

        for (tok = strtok_r(line, " \t\r\n", &save); tok && argc < 4;
             tok = strtok_r(NULL, " \t\r\n", &save))
                argv[argc++] = tok;

        if (argc == 0)
                return 0; /* Blank line: ignore, no reply */

        if (!strcmp(argv[0], "quit")) {
                reply("OK");
                return 1;

        } else if (!strcmp(argv[0], "topic")) {
                if (argc != 3 || parse_int(argv[2], 1, 100000, &partitions)) {
                        reply("ERR usage: topic <name> <partitions>");
                        return 0;
                }
                err = rd_kafka_mock_topic_create(mc, argv[1], partitions,
                                                 replication_factor(brokers));
                if (err)
                        reply("ERR %s", rd_kafka_err2name(err));
                else
                        reply("OK");

        } else if (!strcmp(argv[0], "down") || !strcmp(argv[0], "up")) {
                if (argc != 2 || parse_int(argv[1], -1, 1000000, &id)) {
                        reply("ERR usage: %s <brokerId>", argv[0]);
                        return 0;
                }
                /* id -1 = all brokers (librdkafka semantics) */
                err = !strcmp(argv[0], "down")
                          ? rd_kafka_mock_broker_set_down(mc, id)
                          : rd_kafka_mock_broker_set_up(mc, id);
                if (err)
                        reply("ERR %s", rd_kafka_err2name(err));
                else
                        reply("OK");

        } else {
                reply("ERR unknown command '%s' (topic|down|up|quit)",
                      argv[0]);
        }

        return 0;
}

int main(int argc, char **argv) {
        int brokers = 1, partitions = 3, port = 0, rebalance_max_ms = 0;
        int fetch_max_wait_ms = 200;
        int debug = 0, topic_cnt = 0, i;
        struct {
                char *name;
                int partitions;
        } topics[MAX_TOPICS];
        char errstr[512];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mc;
        rd_kafka_resp_err_t err;
        struct sigaction sa;
        char line[1024];
        char bootstrap[4096];
        size_t of;

        /* --- Arguments */
        for (i = 1; i < argc; i++) {
                const char *a = argv[i];
                const char *v = i + 1 < argc ? argv[i + 1] : NULL;

                if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
                        usage(argv[0]);
                        return 0;
                } else if (!strcmp(a, "--debug")) {
                        debug = 1;
                        continue;
                }

                if (!v) {
                        fprintf(stderr, "%s: missing value for %s\n", argv[0],
                                a);
                        usage(argv[0]);
                        return 2;
                }
                i++;

                if (!strcmp(a, "--brokers")) {
                        if (parse_int(v, 1, 100, &brokers))
                                goto bad_value;
                } else if (!strcmp(a, "--partitions")) {
                        if (parse_int(v, 1, 100000, &partitions))
                                goto bad_value;
                } else if (!strcmp(a, "--port")) {
                        if (parse_int(v, 1, 65000, &port))
                                goto bad_value;
                } else if (!strcmp(a, "--rebalance-max-ms")) {
                        if (parse_int(v, 0, 3600000, &rebalance_max_ms))
                                goto bad_value;
                } else if (!strcmp(a, "--fetch-max-wait-ms")) {
                        if (parse_int(v, 0, 3600000, &fetch_max_wait_ms))
                                goto bad_value;
                } else if (!strcmp(a, "--topic")) {
                        char *name = strdup(v);
                        char *colon = strrchr(name, ':');
                        int p       = -1; /* -1: use --partitions */
                        if (colon) {
                                *colon = '\0';
                                if (parse_int(colon + 1, 1, 100000, &p))
                                        goto bad_value;
                        }
                        if (!*name || topic_cnt == MAX_TOPICS)
                                goto bad_value;
                        topics[topic_cnt].name       = name;
                        topics[topic_cnt].partitions = p;
                        topic_cnt++;
                } else {
                        fprintf(stderr, "%s: unknown option %s\n", argv[0], a);
                        usage(argv[0]);
                        return 2;
                }
                continue;

        bad_value:
                fprintf(stderr, "%s: invalid value for %s: %s\n", argv[0], a,
                        v);
                return 2;
        }

        /* --- Signals: no SA_RESTART, so a blocking fgets() returns on
         *     SIGTERM/SIGINT and we shut down cleanly. */
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        /* --- A client handle is needed to host the mock cluster; it never
         *     connects anywhere itself. */
        conf = rd_kafka_conf_new();
        if (debug &&
            rd_kafka_conf_set(conf, "debug", "mock", errstr, sizeof(errstr)))
                fprintf(stderr, "debug: %s\n", errstr);
        /* No bootstrap.servers on purpose: silence the resulting warning. */
        rd_kafka_conf_set(conf, "log_level", debug ? "7" : "3", errstr,
                          sizeof(errstr));

        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "kafka-test-broker: rd_kafka_new: %s\n",
                        errstr);
                return 1;
        }

        /* --- The cluster. Patch seam: fixed ports (must precede _new()). */
        if (port)
                rd_kafka_mock_ktb_set_base_port(port);

        mc = rd_kafka_mock_cluster_new(rk, brokers);
        if (!mc) {
                fprintf(stderr,
                        "kafka-test-broker: could not create the mock "
                        "cluster%s\n",
                        port ? " (port in use?)" : "");
                rd_kafka_destroy(rk);
                return 1;
        }

        /* Renumber to 0..N-1 so the controller id 0 exists (see top). */
        if ((err = rd_kafka_mock_broker_add(mc, 0)) ||
            (err = rd_kafka_mock_broker_decommission(mc, brokers))) {
                fprintf(stderr,
                        "kafka-test-broker: broker renumbering failed: %s\n",
                        rd_kafka_err2str(err));
                rd_kafka_mock_cluster_destroy(mc);
                rd_kafka_destroy(rk);
                return 1;
        }

        /* The first JoinGroup of a group is answered at once (upstream
         * waits 3 s, like group.initial.rebalance.delay.ms). */
        rd_kafka_mock_group_initial_rebalance_delay_ms(mc, 0);
        /* Patch seams: auto-create partition count, rebalance wait cap,
         * Fetch parking cap. */
        rd_kafka_mock_ktb_set_default_partitions(mc, partitions);
        if (rebalance_max_ms)
                rd_kafka_mock_ktb_set_rebalance_max_ms(rebalance_max_ms);
        rd_kafka_mock_ktb_set_fetch_max_wait_ms(fetch_max_wait_ms);

        for (i = 0; i < topic_cnt; i++) {
                int p = topics[i].partitions > 0 ? topics[i].partitions
                                                 : partitions;
                err   = rd_kafka_mock_topic_create(mc, topics[i].name, p,
                                                   replication_factor(brokers));
                if (err && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                        fprintf(stderr,
                                "kafka-test-broker: creating topic %s: %s\n",
                                topics[i].name, rd_kafka_err2str(err));
                        rd_kafka_mock_cluster_destroy(mc);
                        rd_kafka_destroy(rk);
                        return 1;
                }
                free(topics[i].name);
        }

        /* --- Ready: announce the bootstrap list (ids 0..N-1 in order). */
        of = 0;
        for (i = 0; i < brokers; i++) {
                int p = rd_kafka_mock_ktb_broker_port(mc, i);
                of += (size_t)snprintf(bootstrap + of, sizeof(bootstrap) - of,
                                       "%s127.0.0.1:%d", i ? "," : "", p);
                if (of >= sizeof(bootstrap))
                        break;
        }
        reply("BOOTSTRAP %s", bootstrap);

        /* --- Command loop */
        while (!stop_requested) {
                if (!fgets(line, sizeof(line), stdin)) {
                        if (ferror(stdin) && errno == EINTR &&
                            !stop_requested) {
                                clearerr(stdin);
                                continue;
                        }
                        break; /* EOF or signal */
                }
                if (handle_command(mc, brokers, line))
                        break;
        }

        /* Everything is in memory and the kernel closes the sockets, so skip
         * rd_kafka_mock_cluster_destroy()/rd_kafka_destroy(): the mock's
         * teardown sometimes takes a whole second (thread wake-up), which
         * would slow down every test suite's stop(). */
        fflush(stdout);
        _exit(0);
}
