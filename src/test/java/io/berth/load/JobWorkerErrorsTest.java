package io.berth.load;

import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.testing.Catalogs;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static io.berth.testing.Catalogs.assertProblems;
import static io.berth.testing.Catalogs.files;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kinds, jobs, workers, sends and queue placeholders: GIVEN a valid catalog with one mistake, WHEN it is
 * loaded, THEN the exact message names the file, the field path, the value, what is allowed and the fix.
 */
class JobWorkerErrorsTest {
    private static final String JOB = """
            image: {repository: nightly, tag: "1.0.0"}
            kind: job
            job: {schedule: "cron(0 1 * * ? *)", timezone: Europe/Dublin}
            """;
    private static final String WORKER = """
            image: {repository: worker, tag: "1.0.0"}
            kind: worker
            """;
    private static final String API = """
            image: {repository: api, tag: "1.0.0"}
            expose: {type: internal}
            """;

    private static EnvironmentConfig dev;

    @BeforeAll
    static void environments() {
        dev = Catalogs.environment("dev");
    }

    @Test
    void aValidJobWorkerAndProducerLoadWithDefaults() throws IOException {
        var catalog = Catalogs.load(dev, files("nightly.yaml", JOB, "worker.yaml", WORKER,
                "api.yaml", API + "sends: [worker]\nenvironment: {QUEUE: \"{queue:worker}\"}\n"));
        var job = catalog.find("nightly").orElseThrow();
        assertThat(job.kind()).isEqualTo(ServiceSpec.Kind.JOB);
        assertThat(job.expose().type()).isEqualTo(ServiceSpec.ExposureType.NONE);
        assertThat(job.job().orElseThrow()).isEqualTo(new ServiceSpec.Job("cron(0 1 * * ? *)", "Europe/Dublin",
                ServiceSpec.Job.DEFAULT_FLEXIBLE_WINDOW_MINUTES, ServiceSpec.Job.DEFAULT_RETRIES,
                ServiceSpec.Job.DEFAULT_MAX_RUN_MINUTES, ServiceSpec.Overlap.SKIP, true));
        assertThat(catalog.find("worker").orElseThrow().queue()).contains(ServiceSpec.WorkQueue.DEFAULTS);
        assertThat(catalog.find("api").orElseThrow().kind()).isEqualTo(ServiceSpec.Kind.SERVICE);
        assertThat(catalog.find("api").orElseThrow().environment())
                .containsEntry("QUEUE", "https://sqs.eu-west-1.amazonaws.com/111111111111/dev-worker");
    }

    @Test
    void unknownKind() {
        assertProblems(dev, files("api.yaml", API + "kind: cron\n"),
                "services/api.yaml: kind: must be one of service, job, worker, got 'cron'");
    }

    @Test
    void kindPerEnvironment() {
        assertProblems(dev, files("api.yaml", API + "environments: {dev: {kind: worker}}\n"),
                "services/api.yaml: environments.dev.kind: cannot be overridden per environment");
    }

    @Test
    void jobWithoutSchedule() {
        assertProblems(dev, files("nightly.yaml", "image: {repository: nightly, tag: \"1.0.0\"}\nkind: job\n"),
                "services/nightly.yaml: job: a job needs a schedule, e.g. job: {schedule: \"cron(0 1 * * ? *)\", timezone: Europe/Dublin}");
    }

    @Test
    void jobScheduleThatIsNotCron() {
        assertProblems(dev, files("nightly.yaml", JOB.replace("cron(0 1 * * ? *)", "daily at 1")),
                "services/nightly.yaml: job.schedule: must be cron(...) or rate(...), got 'daily at 1'; e.g. cron(0 1 * * ? *) (01:00 every day, in job.timezone) or rate(6 hours)");
    }

    @Test
    void jobCronThatAwsRefuses() {
        assertProblems(dev, files("nightly.yaml", JOB.replace("cron(0 1 * * ? *)", "cron(0 1 * * MON *)")),
                "services/nightly.yaml: job.schedule: 'cron(0 1 * * MON *)' sets both day-of-month (*) and day-of-week (MON); AWS takes ? in exactly one of them: cron(0 1 ? * MON *)");
    }

    @Test
    void jobScheduleThatRunsOnce() {
        assertProblems(dev, files("nightly.yaml", JOB.replace("cron(0 1 * * ? *)", "at(2026-12-01T01:00:00)")),
                "services/nightly.yaml: job.schedule: 'at(2026-12-01T01:00:00)' runs once; a job repeats: use cron(...) or rate(...), and start a single run by hand with the command the plan prints");
    }

    @Test
    void timezoneOnARate() {
        assertProblems(dev, files("nightly.yaml", JOB.replace("cron(0 1 * * ? *)", "rate(6 hours)")),
                "services/nightly.yaml: job.timezone: applies to cron(...) schedules; rate(6 hours) runs at fixed intervals whatever the zone: remove timezone");
    }

    @Test
    void unknownOverlapRule() {
        assertProblems(dev, files("nightly.yaml", JOB.replace("timezone: Europe/Dublin", "timezone: Europe/Dublin, overlap: queue")),
                "services/nightly.yaml: job.overlap: must be one of skip, allow, got 'queue'");
    }

    @Test
    void maxRunLongerThanADay() {
        assertProblems(dev, files("nightly.yaml", JOB.replace("timezone: Europe/Dublin", "timezone: Europe/Dublin, maxRunMinutes: 2000")),
                "services/nightly.yaml: job.maxRunMinutes: must be between 1 and 1440, got 2000");
    }

    @Test
    void jobSettingsOnAService() {
        assertProblems(dev, files("api.yaml", API + "job: {schedule: \"cron(0 1 * * ? *)\"}\n"),
                "services/api.yaml: job: applies to kind: job, and this entry is a service; set kind: job, or remove job");
    }

    @Test
    void jobWithScaling() {
        assertProblems(dev, files("nightly.yaml", JOB + "scaling: {min: 0, max: 2}\n"),
                "services/nightly.yaml: scaling: a job runs one task per run and has no ECS service to scale; remove scaling (job.overlap: allow lets runs overlap)");
    }

    @Test
    void exposedJob() {
        assertProblems(dev, files("nightly.yaml", JOB + "expose: {type: internal}\n"),
                "services/nightly.yaml: expose.type: a job listens on no port and gets no traffic, got 'internal'; remove expose (a job is expose.type: none), or set kind: service");
    }

    @Test
    void queueSettingsOnAService() {
        assertProblems(dev, files("api.yaml", API + "queue: {maxReceiveCount: 3}\n"),
                "services/api.yaml: queue: applies to kind: worker, and this entry is a service; set kind: worker, or remove queue");
    }

    @Test
    void maxReceiveCountOutOfRange() {
        assertProblems(dev, files("worker.yaml", WORKER + "queue: {maxReceiveCount: 0}\n"),
                "services/worker.yaml: queue.maxReceiveCount: must be between 1 and 1000, got 0");
    }

    @Test
    void workerWithoutContainerInsights() {
        var off = Fixtures.environment("dev", Map.of("berth:cluster", "{\"containerInsights\":\"disabled\"}"));
        assertProblems(off, files("worker.yaml", WORKER),
                "services/worker.yaml: kind: a worker scales on its backlog per running task, and the running-task count comes from Container Insights, which dev turns off; set berth:cluster.containerInsights to enabled or enhanced in Pulumi.dev.yaml, or set kind: service");
    }

    @Test
    void sendsToAServiceThatDoesNotExist() {
        assertProblems(dev, files("api.yaml", API + "sends: [workr]\n", "worker.yaml", WORKER),
                "services/api.yaml: sends: sends to 'workr', which is not in the catalog (did you mean 'worker'?); workers are worker");
    }

    @Test
    void sendsToAServiceThatIsNotAWorker() {
        assertProblems(dev, files("api.yaml", API + "sends: [web]\n", "web.yaml", API.replace("repository: api", "repository: web")),
                "services/api.yaml: sends: sends to 'web', which is a service and owns no queue; the catalog has no worker (kind: worker) (set kind: worker in services/web.yaml to give it one)");
    }

    @Test
    void workerSendingToItself() {
        assertProblems(dev, files("worker.yaml", WORKER + "sends: [worker]\n"),
                "services/worker.yaml: sends: 'worker' is this worker's own queue; a worker may read and write its own queue without sends: remove it");
    }

    @Test
    void queuePlaceholderOfAServiceThatIsNotAWorker() {
        assertProblems(dev, files("api.yaml", API + "environment: {QUEUE: \"{queue:workr}\"}\n", "worker.yaml", WORKER),
                "services/api.yaml: environment.QUEUE: unknown placeholder {queue:workr} in '{queue:workr}' (did you mean {queue:worker}?); placeholders are {env}, {region}, {account}, {service}, {queue:worker}");
    }

    @Test
    void callsToAJob() {
        assertProblems(dev, files("api.yaml", API + "calls: [nightly]\n", "nightly.yaml", JOB),
                "services/api.yaml: calls: calls 'nightly', which is a job (kind: job) and listens on no port");
    }
}
