package io.berth.monitoring;

import com.pulumi.aws.cloudwatch.DashboardArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.support.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CloudWatch dashboard per environment and region, generated from the catalog: a row per
 * service (running tasks, CPU, memory; requests, 5xx and p99 latency for services behind the load
 * balancer) under a header row with the environment's capacity split (each service's capacity
 * profile) and the load balancer's traffic.
 */
public final class Dashboard extends ComponentResource {
    static final int WIDTH = 24;

    /**
     * @param region   the region the metrics live in
     * @param services one row each, in catalog order
     */
    public record Args(String environment, String region, Output<String> clusterName, Output<String> loadBalancerArnSuffix,
                       List<Row> services) {
    }

    /**
     * @param capacity the service's capacity, as the plan summary writes it ({@code FARGATE base 1 weight 1...})
     * @param target   the service's target-group ARN suffix when it is behind the load balancer
     */
    public record Row(String service, Output<String> serviceName, String capacity, java.util.Optional<Output<String>> target) {
    }

    public Dashboard(String name, Args args, ComponentResourceOptions options) {
        super("berth:monitoring:Dashboard", name, options);
        var inputs = new ArrayList<Output<?>>();
        inputs.add(args.clusterName());
        inputs.add(args.loadBalancerArnSuffix());
        for (var row : args.services()) {
            inputs.add(row.serviceName());
            inputs.add(row.target().orElse(Output.of("")));
        }
        var body = Output.all(inputs.stream().map(o -> o.applyValue(v -> (Object) v)).toList())
                .applyValue(values -> Json.write(body(args, values)));
        new com.pulumi.aws.cloudwatch.Dashboard(name + "-dashboard", DashboardArgs.builder()
                .dashboardName("berth-" + name)
                .dashboardBody(body)
                .build(), CustomResourceOptions.builder().parent(this).build());
        registerOutputs(Map.of());
    }

    /** The dashboard's JSON, given the resolved cluster, load balancer, and each row's service name and target group. */
    static Map<String, Object> body(Args args, List<Object> values) {
        var cluster = String.valueOf(values.get(0));
        var lb = String.valueOf(values.get(1));
        var widgets = new ArrayList<Map<String, Object>>();
        var split = new StringBuilder("## " + args.environment() + " (" + args.region() + ")\n\n| service | capacity |\n| --- | --- |\n");
        args.services().forEach(r -> split.append("| ").append(r.service()).append(" | ").append(r.capacity()).append(" |\n"));
        int y = 0;
        widgets.add(widget("text", 0, y, 12, 6, Map.of("markdown", split.toString())));
        widgets.add(widget("metric", 12, y, 12, 6, metrics("Load balancer", args.region(), List.of(
                List.of("AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb, Map.of("stat", "Sum")),
                List.of("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb, Map.of("stat", "Sum"))))));
        y += 6;
        for (int i = 0; i < args.services().size(); i++) {
            var row = args.services().get(i);
            var service = String.valueOf(values.get(2 + 2 * i));
            var target = String.valueOf(values.get(3 + 2 * i));
            var ecs = List.<Object>of("ClusterName", cluster, "ServiceName", service);
            widgets.add(widget("metric", 0, y, 8, 6, metrics(row.service() + ": running tasks", args.region(), List.of(
                    concat(List.of("ECS/ContainerInsights", "RunningTaskCount"), ecs, Map.of("stat", "Minimum"))))));
            widgets.add(widget("metric", 8, y, 8, 6, metrics(row.service() + ": CPU and memory (%)", args.region(), List.of(
                    concat(List.of("AWS/ECS", "CPUUtilization"), ecs, Map.of("stat", "Average")),
                    concat(List.of("AWS/ECS", "MemoryUtilization"), ecs, Map.of("stat", "Average"))))));
            if (row.target().isPresent()) {
                var dims = List.<Object>of("LoadBalancer", lb, "TargetGroup", target);
                widgets.add(widget("metric", 16, y, 8, 6, metrics(row.service() + ": requests, 5xx, p99 latency", args.region(), List.of(
                        concat(List.of("AWS/ApplicationELB", "RequestCount"), dims, Map.of("stat", "Sum")),
                        concat(List.of("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"), dims, Map.of("stat", "Sum")),
                        concat(List.of("AWS/ApplicationELB", "TargetResponseTime"), dims, Map.of("stat", "p99", "yAxis", "right"))))));
            }
            y += 6;
        }
        return Map.of("widgets", widgets);
    }

    private static Map<String, Object> widget(String type, int x, int y, int width, int height, Map<String, Object> properties) {
        var w = new LinkedHashMap<String, Object>();
        w.put("type", type);
        w.put("x", x);
        w.put("y", y);
        w.put("width", width);
        w.put("height", height);
        w.put("properties", properties);
        return w;
    }

    private static Map<String, Object> metrics(String title, String region, List<List<Object>> metrics) {
        return Map.of("title", title, "region", region, "view", "timeSeries", "period", 60, "metrics", metrics);
    }

    private static List<Object> concat(List<?> head, List<?> dims, Map<String, Object> options) {
        var out = new ArrayList<Object>(head);
        out.addAll(dims);
        out.add(options);
        return out;
    }
}
