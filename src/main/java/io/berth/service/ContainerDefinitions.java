package io.berth.service;

import io.berth.support.Json;
import io.berth.model.ServiceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a service's container definitions (ECS API shape) with Jackson: one essential container,
 * awslogs to the service's own log group, secrets by reference, read-only root filesystem with a
 * writable /tmp, a non-root user, and the stop timeout.
 */
public final class ContainerDefinitions {
    /** Writable scratch space when the root filesystem is read-only. */
    public static final String TMP_VOLUME = "tmp";
    /**
     * Paths the ECS Exec agent writes to; mounted as volumes so ECS Exec works with a read-only
     * root filesystem (containers-roadmap#1359).
     */
    public static final Map<String, String> EXEC_AGENT_VOLUMES = Map.of(
            "exec-managed-agents", "/managed-agents",
            "exec-ssm-lib", "/var/lib/amazon/ssm",
            "exec-ssm-log", "/var/log/amazon/ssm");

    private ContainerDefinitions() {
    }

    /** The volume names the task definition must declare for these container definitions. */
    public static List<String> volumes(ServiceSpec spec) {
        var out = new ArrayList<String>();
        if (spec.security().readOnlyRootFilesystem()) {
            out.add(TMP_VOLUME);
            if (spec.deployment().execEnabled()) {
                out.addAll(EXEC_AGENT_VOLUMES.keySet().stream().sorted().toList());
            }
        }
        return out;
    }

    public static String render(ServiceSpec spec, String imageUri, String logGroupName, String region) {
        var c = new LinkedHashMap<String, Object>();
        c.put("name", spec.name());
        c.put("image", imageUri);
        c.put("essential", true);
        if (spec.expose().hasPort()) {
            c.put("portMappings", List.of(Map.of("containerPort", spec.port(), "hostPort", spec.port(),
                    "protocol", "tcp", "name", "http")));
        }
        if (!spec.command().isEmpty()) {
            c.put("command", spec.command());
        }
        c.put("environment", spec.environment().entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList());
        c.put("secrets", spec.secrets().entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "valueFrom", e.getValue().arn())).toList());
        c.put("logConfiguration", Map.of("logDriver", "awslogs", "options", new java.util.TreeMap<>(Map.of(
                "awslogs-group", logGroupName,
                "awslogs-region", region,
                "awslogs-stream-prefix", spec.name()))));
        c.put("readonlyRootFilesystem", spec.security().readOnlyRootFilesystem());
        spec.security().user().ifPresent(u -> c.put("user", u));
        c.put("privileged", spec.security().privileged());
        c.put("stopTimeout", spec.deployment().stopTimeoutSeconds());
        // An init process reaps zombies and forwards SIGTERM (a Spot reclaim) to the application.
        c.put("linuxParameters", Map.of("initProcessEnabled", true));
        if (spec.security().readOnlyRootFilesystem()) {
            var mounts = new ArrayList<Map<String, Object>>();
            mounts.add(Map.of("sourceVolume", TMP_VOLUME, "containerPath", "/tmp", "readOnly", false));
            if (spec.deployment().execEnabled()) {
                EXEC_AGENT_VOLUMES.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                        mounts.add(Map.of("sourceVolume", e.getKey(), "containerPath", e.getValue(), "readOnly", false)));
            }
            c.put("mountPoints", mounts);
        }
        var hc = spec.healthCheck();
        if (!hc.containerCommand().isEmpty()) {
            c.put("healthCheck", Map.of("command", hc.containerCommand(), "interval", hc.intervalSeconds(),
                    "timeout", hc.timeoutSeconds(), "retries", hc.unhealthyThreshold(), "startPeriod", hc.gracePeriodSeconds()));
        }
        return Json.write(List.of(c));
    }
}
