package io.berth.ingress;

import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.lb.Listener;
import com.pulumi.aws.lb.ListenerArgs;
import com.pulumi.aws.lb.LoadBalancerArgs;
import com.pulumi.aws.lb.inputs.ListenerDefaultActionArgs;
import com.pulumi.aws.lb.inputs.ListenerDefaultActionFixedResponseArgs;
import com.pulumi.aws.lb.inputs.ListenerDefaultActionRedirectArgs;
import com.pulumi.aws.lb.inputs.LoadBalancerAccessLogsArgs;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.model.EnvironmentConfig;
import io.berth.storage.PrivateBucket;
import io.berth.support.Tags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment's one internet-facing Application Load Balancer: public subnets, a security
 * group open only on 80/443 to the configured CIDRs, HTTPS with a modern TLS policy when a
 * certificate is configured (HTTP then only redirects), a fixed 404 for unrouted requests, access
 * logs to an encrypted private bucket, invalid header fields dropped, deletion protection in
 * production. Services attach listener rules to {@link #serviceListenerArn}.
 */
public final class LoadBalancer extends ComponentResource {
    /**
     * Elastic Load Balancing accounts that write access logs in regions opened before August 2022;
     * newer regions use the log delivery service principal instead.
     */
    static final Map<String, String> ELB_LOG_ACCOUNTS = Map.ofEntries(
            Map.entry("us-east-1", "127311923021"), Map.entry("us-east-2", "033677994240"),
            Map.entry("us-west-1", "027434742980"), Map.entry("us-west-2", "797873946194"),
            Map.entry("af-south-1", "098369216593"), Map.entry("ca-central-1", "985666609251"),
            Map.entry("eu-central-1", "054676820928"), Map.entry("eu-west-1", "156460612806"),
            Map.entry("eu-west-2", "652711504416"), Map.entry("eu-south-1", "635631232127"),
            Map.entry("eu-west-3", "009996457667"), Map.entry("eu-north-1", "897822967062"),
            Map.entry("ap-east-1", "754344448648"), Map.entry("ap-northeast-1", "582318560864"),
            Map.entry("ap-northeast-2", "600734575887"), Map.entry("ap-northeast-3", "383597477331"),
            Map.entry("ap-southeast-1", "114774131450"), Map.entry("ap-southeast-2", "783225319266"),
            Map.entry("ap-southeast-3", "589379963580"),
            Map.entry("ap-south-1", "718504428378"), Map.entry("me-south-1", "076674570225"),
            Map.entry("sa-east-1", "507241528517"));

    public final Output<String> arn;
    public final Output<String> arnSuffix;
    public final Output<String> dnsName;
    public final Output<String> zoneId;
    public final Output<String> securityGroupId;
    /** HTTPS listener with a certificate, HTTP otherwise: where service rules go. */
    public final Output<String> serviceListenerArn;
    public final Listener serviceListener;
    private final SecurityGroup securityGroup;
    private final String name;
    private final EnvironmentConfig env;

    public LoadBalancer(String name, EnvironmentConfig env, Output<String> vpcId, List<Output<String>> publicSubnetIds,
                        ComponentResourceOptions options) {
        super("berth:ingress:LoadBalancer", name, options);
        var child = CustomResourceOptions.builder().parent(this).build();
        var ingress = env.ingress();

        var sg = new SecurityGroup(name + "-alb-sg", SecurityGroupArgs.builder()
                .vpcId(vpcId)
                .description("Load balancer of " + env.name() + ": HTTP(S) from the allowed CIDRs")
                .tags(Tags.of(env.tags(), name + "-alb-sg", Map.of("berth:role", "load-balancer")))
                .build(), child);
        this.securityGroupId = sg.id();
        var ports = ingress.https() ? List.of(80, 443) : List.of(80);
        int rule = 0;
        for (var cidr : ingress.allowedCidrs()) {
            for (var port : ports) {
                var ruleName = name + "-alb-in-" + port + (ingress.allowedCidrs().size() > 1 ? "-" + (++rule) : "");
                new SecurityGroupIngressRule(ruleName, SecurityGroupIngressRuleArgs.builder()
                        .securityGroupId(sg.id())
                        .ipProtocol("tcp").fromPort(port).toPort(port)
                        .cidrIpv4(cidr)
                        .description((port == 443 ? "HTTPS" : "HTTP") + " from " + cidr)
                        .tags(Tags.of(env.tags(), ruleName))
                        .build(), child);
            }
        }
        // No egress until services attach: each public service opens exactly its own port (allowTargets).
        this.securityGroup = sg;
        this.name = name;
        this.env = env;

        var logs = accessLogBucket(name, env);

        var alb = new com.pulumi.aws.lb.LoadBalancer(name + "-alb", LoadBalancerArgs.builder()
                .internal(false)
                .loadBalancerType("application")
                .subnets(Output.all(publicSubnetIds))
                .securityGroups(sg.id().applyValue(List::of))
                .dropInvalidHeaderFields(true)
                .enableDeletionProtection(env.production())
                .idleTimeout(ingress.idleTimeoutSeconds())
                .accessLogs(LoadBalancerAccessLogsArgs.builder().bucket(logs.bucket()).prefix("alb").enabled(true).build())
                .tags(Tags.of(env.tags(), name + "-alb"))
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(logs.policy).build());
        this.arn = alb.arn();
        this.arnSuffix = alb.arnSuffix();
        this.dnsName = alb.dnsName();
        this.zoneId = alb.zoneId();

        var notFound = ListenerDefaultActionArgs.builder()
                .type("fixed-response")
                .fixedResponse(ListenerDefaultActionFixedResponseArgs.builder()
                        .contentType("text/plain").messageBody("Not found").statusCode("404").build())
                .build();
        if (ingress.https()) {
            this.serviceListener = new Listener(name + "-https", ListenerArgs.builder()
                    .loadBalancerArn(alb.arn())
                    .port(443).protocol("HTTPS")
                    .sslPolicy(ingress.sslPolicy())
                    .certificateArn(ingress.certificateArn().get())
                    .defaultActions(notFound)
                    .tags(Tags.of(env.tags(), name + "-https"))
                    .build(), child);
            new Listener(name + "-http", ListenerArgs.builder()
                    .loadBalancerArn(alb.arn())
                    .port(80).protocol("HTTP")
                    .defaultActions(ListenerDefaultActionArgs.builder()
                            .type("redirect")
                            .redirect(ListenerDefaultActionRedirectArgs.builder()
                                    .port("443").protocol("HTTPS").statusCode("HTTP_301").build())
                            .build())
                    .tags(Tags.of(env.tags(), name + "-http"))
                    .build(), child);
        } else {
            this.serviceListener = new Listener(name + "-http", ListenerArgs.builder()
                    .loadBalancerArn(alb.arn())
                    .port(80).protocol("HTTP")
                    .defaultActions(notFound)
                    .tags(Tags.of(env.tags(), name + "-http"))
                    .build(), child);
        }
        this.serviceListenerArn = serviceListener.arn();
        registerOutputs(Map.of("dnsName", dnsName, "serviceListenerArn", serviceListenerArn));
    }

    /** Lets the load balancer reach one service's tasks on their port (traffic and health checks). */
    public void allowTargets(String service, Output<String> serviceSecurityGroupId, int port) {
        var ruleName = name + "-alb-to-" + service;
        new SecurityGroupEgressRule(ruleName, SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(securityGroup.id())
                .referencedSecurityGroupId(serviceSecurityGroupId)
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .description("Port " + port + " to " + service)
                .tags(Tags.of(env.tags(), ruleName))
                .build(), CustomResourceOptions.builder().parent(this).build());
    }

    private record LogBucket(Output<String> bucket, BucketPolicy policy) {
    }

    private LogBucket accessLogBucket(String name, EnvironmentConfig env) {
        // ALB access logs support only SSE-S3 (AES256) on the target bucket, not KMS keys.
        var logs = PrivateBucket.create(this, env, name + "-alb-logs", "berth-" + env.name() + "-alb-logs-" + env.account() + "-" + env.region(),
                Optional.empty(), false, "expire-access-logs", env.ingress().accessLogRetentionDays(),
                arn -> List.of(logDeliveryStatement(env, arn)));
        return new LogBucket(logs.bucket().bucket(), logs.policy());
    }

    /** Elastic Load Balancing may write this environment's access logs under alb/. */
    static Map<String, Object> logDeliveryStatement(EnvironmentConfig env, String bucketArn) {
        var elbAccount = ELB_LOG_ACCOUNTS.get(env.region());
        Map<String, Object> principal = elbAccount != null
                ? Map.of("AWS", "arn:aws:iam::" + elbAccount + ":root")
                : Map.of("Service", "logdelivery.elasticloadbalancing.amazonaws.com");
        var write = new LinkedHashMap<String, Object>();
        write.put("Sid", "AllowLoadBalancerLogDelivery");
        write.put("Effect", "Allow");
        write.put("Principal", principal);
        write.put("Action", "s3:PutObject");
        write.put("Resource", bucketArn + "/alb/AWSLogs/" + env.account() + "/*");
        return write;
    }
}
