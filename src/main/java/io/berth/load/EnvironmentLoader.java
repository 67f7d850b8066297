package io.berth.load;

import io.berth.model.ClusterConfig;
import io.berth.model.DnsConfig;
import io.berth.model.DrConfig;
import io.berth.model.EnvironmentConfig;
import io.berth.model.HostGroupConfig;
import io.berth.model.IngressConfig;
import io.berth.model.NetworkConfig;
import io.berth.model.RegistryConfig;
import inet.ipaddr.IPAddressString;
import io.berth.model.CapacityProfiles;
import io.berth.model.CapacityStrategy;
import io.berth.model.NetworkConfig.FlowLogConfig;
import io.berth.model.NetworkConfig.NatStrategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one load pipeline for environment settings: engine config strings -> code defaults ->
 * validation -> {@link EnvironmentConfig}. Nothing here touches Pulumi resources, so a mistake is
 * reported before anything is registered.
 */
public final class EnvironmentLoader {
    /** Keys of the {@code berth:} namespace; any other berth key is a mistake. */
    public static final List<String> BERTH_KEYS = List.of("environment", "network", "cluster", "ingress", "registry", "dr", "hostGroups", "dns",
            "delivery", "notifications");

    /**
     * Config namespaces a stack file may use: berth's own, the AWS provider's and the Pulumi CLI's.
     * berth uses no other provider, so anything else is a misspelling or a setting that does nothing.
     */
    public static final List<String> NAMESPACES = List.of("aws", "berth", "pulumi");
    public static final int MAX_AVAILABILITY_ZONES = 6;

    /** The values CloudWatch Logs accepts for retentionInDays. */
    public static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern STACK_NAME = Pattern.compile("[a-z][a-z0-9-]{1,11}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    private EnvironmentLoader() {
    }

    public static EnvironmentConfig load(String stack, RawConfig raw) {
        var problems = new Problems();
        var file = raw.file();

        if (!STACK_NAME.matcher(stack).matches()) {
            problems.add(file, "stack name", "'" + stack + "' must be 2 to 12 lowercase letters, digits or hyphens, "
                    + "starting with a letter: it prefixes resource names that AWS limits to 32 characters");
        }
        rejectUnknownBerthKeys(raw, problems);

        var region = raw.node("aws:region", problems).requireString("set it with `pulumi config set aws:region eu-west-1`");
        if (!region.isEmpty() && !REGION.matcher(region).matches()) {
            problems.add(file, "aws:region", "'" + region + "' is not an AWS region name such as eu-west-1 or us-east-1");
        }

        var env = raw.node("berth:environment", problems);
        env.allowOnly("account", "production", "owner", "costCentre", "logRetentionDays", "tags");
        var account = env.get("account").requireString("the 12-digit AWS account id this stack deploys into, quoted");
        if (!account.isEmpty() && !ACCOUNT.matcher(account).matches()) {
            env.get("account").problem("must be a 12-digit AWS account id in quotes, got '" + account + "'");
        }
        var production = env.get("production").bool(false);
        var owner = env.get("owner").requireString("the team that owns this environment, e.g. platform-team");
        var costCentre = env.get("costCentre").requireString("the cost centre billed for this environment, e.g. CC-1001");
        tagValueProblem(owner).ifPresent(env.get("owner")::problem);
        tagValueProblem(costCentre).ifPresent(env.get("costCentre")::problem);
        var retentionNode = env.get("logRetentionDays");
        var retention = retentionNode.integer(EnvironmentConfig.DEFAULT_LOG_RETENTION_DAYS, 1, 3653);
        if (retentionNode.isPresent() && !LOG_RETENTION_DAYS.contains(retention)) {
            retentionNode.problem("CloudWatch Logs accepts only " + sortedRetentions() + ", got " + retention);
            retention = EnvironmentConfig.DEFAULT_LOG_RETENTION_DAYS;
        }
        var tags = new LinkedHashMap<String, String>();
        tags.put("environment", stack);
        tags.put("owner", owner);
        tags.put("cost-centre", costCentre);
        tags.put("managed-by", "berth");
        var extraNode = env.get("tags");
        extraNode.stringMap().forEach((key, value) -> {
            var at = extraNode.get(key);
            if (key.toLowerCase().startsWith("aws:")) {
                at.problem("tag keys starting with 'aws:' are reserved by AWS");
            } else if (!TAG_KEY.matcher(key).matches()) {
                at.problem("a tag key is 1 to 128 letters, digits, spaces or _ . : / = + - @");
            } else if (tagValueProblem(value).isPresent()) {
                at.problem(tagValueProblem(value).get());
            } else if (tags.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key)) || key.equalsIgnoreCase("Name")) {
                var own = key.equalsIgnoreCase("Name") ? "Name" : tags.keySet().stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElseThrow();
                at.problem(own.equals(key) ? "'" + key + "' is set by berth itself; remove it from tags"
                        : "'" + key + "' differs only in case from the tag '" + own + "'" + (tags.containsKey(own) && !own.equals("Name")
                        && List.of("environment", "owner", "cost-centre", "managed-by").contains(own) ? ", which berth sets itself" : "")
                        + ", and IAM treats tag keys that differ only in case as the same key (it refuses the role); "
                        + "rename or remove it");
            } else {
                tags.put(key, value);
            }
        });

        var network = loadNetwork(raw.node("berth:network", problems), region);
        var cluster = loadCluster(raw.node("berth:cluster", problems), production);
        var ingress = loadIngress(raw.node("berth:ingress", problems), region, account);
        var dr = loadDr(raw.node("berth:dr", problems), region, cidrOf(raw), account, network.availabilityZones());
        var hostGroups = loadHostGroups(raw.node("berth:hostGroups", problems), stack);
        var registry = loadRegistry(raw.node("berth:registry", problems), production, dr, region, account);
        var delivery = io.berth.load.DeliveryLoader.loadEnvironment(raw.node("berth:delivery", problems), production);
        if (production && cluster.defaultCapacity().spotOnly()) {
            problems.add(file, "berth:cluster.defaultCapacity", "production environments need an on-demand base so a Spot "
                    + "reclaim never takes a service to zero; choose balanced, spot-first or on-demand");
        }

        var notifications = NotificationsLoader.load(raw.node("berth:notifications", problems), region);
        var dns = loadDns(raw.node("berth:dns", problems));
        if (dr.isPresent() && dr.get().drill() && dns.isEmpty()) {
            problems.add(file, "berth:dr.drill", "a drill fails DNS over to the replica, and this stack has no berth:dns "
                    + "(no failover records); add berth:dns, or point your own DNS at the stack output drLoadBalancerDnsName");
        }
        if (dns.isPresent() && dr.isPresent() && !ingress.allowedCidrs().contains("0.0.0.0/0")) {
            problems.add(file, "berth:ingress.allowedCidrs", "Route 53 health checkers must reach the primary load balancer "
                    + "for DR failover (berth:dns with berth:dr), and they come from AWS's public ranges; keep 0.0.0.0/0 "
                    + "here and restrict access at the application, or drop berth:dns");
        }
        problems.throwIfAny();
        return new EnvironmentConfig(stack, region, account, production, tags, retention, network, cluster, ingress, registry, dr, hostGroups,
                dns, delivery, notifications);
    }

    private static NetworkConfig loadNetwork(ConfigNode node, String region) {
        node.allowOnly("vpcCidr", "availabilityZones", "zones", "natGateways", "vpcEndpoints", "flowLogs", "allowWorldEgress");
        var cidrNode = node.get("vpcCidr");
        var cidr = cidrNode.string(NetworkConfig.DEFAULT_VPC_CIDR);
        if (cidrNode.isPresent()) {
            cidr = validateVpcCidr(cidrNode, cidr);
        }
        var count = node.get("availabilityZones").optionalInteger(2, MAX_AVAILABILITY_ZONES,
                ": a load balancer needs at least two zones and no region offers more than six");
        var zoneNames = zoneNames(node.get("zones"), region, count.orElse(NetworkConfig.DEFAULT_AVAILABILITY_ZONES),
                count.isPresent() ? "availabilityZones (" + count.get() + ")" : "");
        var zones = zoneNames.size();
        var nat = NatStrategy.of(node.get("natGateways").oneOf(NetworkConfig.DEFAULT_NAT_GATEWAYS.configName, List.of("single", "per-az", "none")));
        var endpoints = node.get("vpcEndpoints").bool(NetworkConfig.DEFAULT_VPC_ENDPOINTS);
        if (nat == NatStrategy.NONE && !endpoints) {
            node.get("natGateways").problem("'none' leaves private subnets without a way to pull images; "
                    + "set vpcEndpoints: true or choose single or per-az");
        }
        var flow = node.get("flowLogs");
        flow.allowOnly("enabled", "trafficType");
        var flowLogs = new FlowLogConfig(flow.get("enabled").bool(NetworkConfig.DEFAULT_FLOW_LOGS_ENABLED),
                flow.get("trafficType").oneOf(NetworkConfig.DEFAULT_FLOW_LOGS_TRAFFIC_TYPE, List.of("ALL", "ACCEPT", "REJECT")));
        return new NetworkConfig(cidr, zones, zoneNames, nat, endpoints, flowLogs,
                node.get("allowWorldEgress").bool(NetworkConfig.DEFAULT_ALLOW_WORLD_EGRESS));
    }

    /**
     * A region's zones from config, never from an API call (planning and failing over must not depend
     * on the region being reachable): the names given, or {@code <region>a, b, c...}.
     *
     * @param countSetBy the setting that fixed the count, if any ("" when it is the default)
     */
    static List<String> zoneNames(ConfigNode node, String region, int count, String countSetBy) {
        if (!node.isPresent()) {
            return io.berth.model.NetworkConfig.defaultZones(region, count);
        }
        var names = node.stringList();
        if (names.isEmpty()) {
            return io.berth.model.NetworkConfig.defaultZones(region, count);
        }
        var valid = true;
        for (var zone : names) {
            if (!zone.matches(java.util.regex.Pattern.quote(region) + "[a-z]")) {
                node.problem("'" + zone + "' is not an availability zone of " + region + " (" + region + "a, " + region + "b...)");
                valid = false;
            }
        }
        if (new java.util.HashSet<>(names).size() != names.size()) {
            node.problem("lists a zone twice: " + names);
            valid = false;
        }
        if (names.size() < 2 || names.size() > MAX_AVAILABILITY_ZONES) {
            node.problem("lists " + names.size() + " zones; a load balancer needs at least two zones and no region offers more than six");
            valid = false;
        } else if (!countSetBy.isEmpty() && names.size() != count) {
            node.problem("lists " + names.size() + " zones but " + countSetBy + " says otherwise; remove one of the two settings");
            valid = false;
        }
        return valid ? List.copyOf(names) : io.berth.model.NetworkConfig.defaultZones(region, count);
    }

    /** A private-use IPv4 block with no host bits set, /16 to /22 (subnets need room to split). */
    static String validateVpcCidr(ConfigNode node, String cidr) {
        var address = Cidrs.parse(cidr).orElse(null);
        if (address == null || !address.isIPv4()) {
            node.problem("'" + cidr + "' is not an IPv4 CIDR block such as 10.0.0.0/16 (berth takes /16 to /22)");
            return NetworkConfig.DEFAULT_VPC_CIDR;
        }
        int prefix = address.getNetworkPrefixLength();
        if (prefix < 16 || prefix > 22) {
            node.problem("the VPC block must be /16 to /22 (AWS allows /16 at most; berth splits it into per-zone "
                    + "subnets of at least /28), got /" + prefix);
            return NetworkConfig.DEFAULT_VPC_CIDR;
        }
        if (!address.isPrefixBlock()) {
            node.problem("'" + cidr + "' has host bits set; did you mean " + address.toPrefixBlock().toCanonicalString() + "?");
            return NetworkConfig.DEFAULT_VPC_CIDR;
        }
        if (PRIVATE_RANGES.stream().noneMatch(range -> range.contains(address))) {
            node.problem("'" + cidr + "' is not a private-use block; a VPC uses addresses from 10.0.0.0/8, 172.16.0.0/12, "
                    + "192.168.0.0/16 or 100.64.0.0/10 so that it never shadows public addresses it must reach");
            return NetworkConfig.DEFAULT_VPC_CIDR;
        }
        return address.toCanonicalString();
    }

    /** RFC 1918 and RFC 6598 (shared address space) blocks. */
    private static final List<inet.ipaddr.IPAddress> PRIVATE_RANGES = java.util.stream.Stream.of(
                    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
            .map(c -> new IPAddressString(c).getAddress()).toList();

    private static IngressConfig loadIngress(ConfigNode node, String region, String account) {
        node.allowOnly("certificateArn", "allowedCidrs", "sslPolicy", "accessLogRetentionDays", "idleTimeoutSeconds");
        var cert = node.get("certificateArn").optionalString();
        cert.filter(c -> !c.matches("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+")).ifPresent(c ->
                node.get("certificateArn").problem("must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), got '" + c + "'"));
        cert.filter(c -> c.matches("arn:aws[a-z-]*:acm:[a-z0-9-]+:.*") && !c.split(":")[3].equals(region)).ifPresent(c ->
                node.get("certificateArn").problem("the certificate must be in the load balancer's region " + region
                        + ", got one in " + c.split(":")[3]));
        cert.filter(c -> c.matches("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+") && c.split(":")[3].equals(region))
                .ifPresent(c -> certificateAccountProblem(c, account).ifPresent(node.get("certificateArn")::problem));
        var policyNode = node.get("sslPolicy");
        var policy = policyNode.string(IngressConfig.DEFAULT_SSL_POLICY);
        if (SslPolicies.problem(policy).isPresent()) {
            policyNode.problem(SslPolicies.problem(policy).get());
        } else if (policyNode.isPresent() && cert.isEmpty()) {
            policyNode.problem("applies to the HTTPS listener, and without certificateArn the load balancer serves plain HTTP "
                    + "only; set certificateArn, or remove sslPolicy");
        }
        var cidrsNode = node.get("allowedCidrs");
        var cidrs = cidrsNode.isPresent() ? cidrsNode.distinctStringList() : List.of("0.0.0.0/0");
        for (var c : cidrs) {
            if (Cidrs.block(c).isEmpty()) {
                cidrsNode.problem("'" + c + "' is not a CIDR block such as 203.0.113.0/24");
            }
        }
        if (cidrs.isEmpty()) {
            cidrsNode.problem("must name at least one CIDR block; nobody could reach the load balancer");
        }
        var retentionNode = node.get("accessLogRetentionDays");
        return new IngressConfig(cert.filter(c -> c.startsWith("arn:")), cidrs,
                policy,
                retentionNode.integer(IngressConfig.DEFAULT_ACCESS_LOG_RETENTION_DAYS, 1, 3650),
                node.get("idleTimeoutSeconds").integer(IngressConfig.DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 4000));
    }

    private static final Pattern HOST_GROUP = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("([a-z]+)(\\d+)([a-z-]*)\\.([a-z0-9]+)");

    private static java.util.Map<String, HostGroupConfig> loadHostGroups(ConfigNode node, String stack) {
        var out = new java.util.TreeMap<String, HostGroupConfig>();
        node.entries().forEach((name, g) -> {
            g.allowOnly("instanceTypes", "architecture", "minSize", "maxSize", "onDemandBase", "onDemandPercentage",
                    "privileged", "rootVolumeGiB", "targetCapacityPercent", "managedDraining");
            if (!HOST_GROUP.matcher(name).matches()) {
                g.problem("a host group name is 1 to 20 lowercase letters, digits or hyphens, starting with a letter");
                return;
            }
            var providerName = stack + "-" + name;
            var lower = providerName.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("aws") || lower.startsWith("ecs") || lower.startsWith("fargate")) {
                g.problem("its capacity provider would be named '" + providerName + "', and capacity provider names must not "
                        + "start with aws, ecs or fargate (AWS rule 6); rename the stack or the group");
            }
            var arch = g.get("architecture").oneOf(HostGroupConfig.DEFAULT_ARCHITECTURE, List.of("x86_64", "arm64"));
            var types = g.get("instanceTypes").distinctStringList();
            if (types.isEmpty()) {
                g.get("instanceTypes").problem("is required: at least one EC2 instance type, several for Spot diversity, e.g. [m6i.large, m5.large]");
            }
            for (var t : types) {
                var m = INSTANCE_TYPE.matcher(t);
                if (!m.matches()) {
                    g.get("instanceTypes").problem("'" + t + "' is not an EC2 instance type such as m6i.large");
                } else if (m.group(3).contains("g") != arch.equals("arm64")) {
                    g.get("instanceTypes").problem("'" + t + "' is " + (m.group(3).contains("g") ? "an arm64 (Graviton)" : "an x86_64")
                            + " type but the group's architecture is " + arch + "; one group runs one architecture (one AMI)");
                }
            }
            var min = g.get("minSize").integer(HostGroupConfig.DEFAULT_MIN_SIZE, 0, 1000);
            var max = g.get("maxSize").integer(Math.max(min, HostGroupConfig.DEFAULT_MAX_SIZE), 1, 1000);
            if (min > max) {
                g.get("minSize").problem("must not exceed maxSize (" + max + "), got " + min);
            }
            var base = g.get("onDemandBase").integer(HostGroupConfig.DEFAULT_ON_DEMAND_BASE, 0, 1000);
            if (base > max) {
                g.get("onDemandBase").problem("must not exceed maxSize (" + max + "), got " + base);
            }
            out.put(name, new HostGroupConfig(name, types, arch, min, max, base,
                    g.get("onDemandPercentage").integer(HostGroupConfig.DEFAULT_ON_DEMAND_PERCENTAGE, 0, 100), g.get("privileged").bool(false),
                    g.get("rootVolumeGiB").integer(HostGroupConfig.DEFAULT_ROOT_VOLUME_GIB, HostGroupConfig.DEFAULT_ROOT_VOLUME_GIB, 16384),
                    g.get("targetCapacityPercent").integer(HostGroupConfig.DEFAULT_TARGET_CAPACITY_PERCENT, 1, 100),
                    g.get("managedDraining").bool(HostGroupConfig.DEFAULT_MANAGED_DRAINING)));
        });
        return out;
    }

    private static java.util.Optional<DnsConfig> loadDns(ConfigNode node) {
        if (!node.isPresent()) {
            return java.util.Optional.empty();
        }
        node.allowOnly("hostedZoneId", "domain", "healthCheckPath");
        var zone = node.get("hostedZoneId").requireString("the Route 53 hosted zone id, e.g. Z0123456789ABCDEFGHIJ");
        if (!zone.isEmpty() && !zone.matches("Z[A-Z0-9]{1,31}")) {
            node.get("hostedZoneId").problem("'" + zone + "' is not a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ");
        }
        var domain = node.get("domain").requireString("the name users reach the environment at, e.g. shop.example.com");
        if (!domain.isEmpty() && !domain.matches("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) {
            node.get("domain").problem("'" + domain + "' is not a lowercase DNS name such as shop.example.com");
        }
        var path = node.get("healthCheckPath").string(DnsConfig.DEFAULT_HEALTH_CHECK_PATH);
        if (!path.startsWith("/")) {
            node.get("healthCheckPath").problem("must start with /, got '" + path + "'");
        }
        return java.util.Optional.of(new DnsConfig(zone, domain, path));
    }

    /**
     * A load balancer's certificate comes from ACM in the stack's own account; one of another account
     * (checked only when the stack's account is a valid id: a wrong id is one mistake, not two).
     */
    private static java.util.Optional<String> certificateAccountProblem(String arn, String account) {
        var owner = arn.split(":")[4];
        if (!ACCOUNT.matcher(account).matches() || owner.equals(account)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("'" + arn + "' belongs to account " + owner + ", but this stack deploys into " + account
                + " and a load balancer can only use certificates of its own account; request or import the certificate in "
                + account + " and use its ARN");
    }

    private static java.util.Optional<DrConfig> loadDr(ConfigNode node, String primaryRegion, String primaryCidr, String account,
                                                       int primaryZones) {
        if (!node.isPresent()) {
            return java.util.Optional.empty();
        }
        node.allowOnly("region", "mode", "warmStandbyFraction", "active", "vpcCidr", "certificateArn", "zones", "drill");
        var region = node.get("region").requireString("the disaster-recovery region, e.g. eu-central-1");
        if (!region.isEmpty() && !REGION.matcher(region).matches()) {
            node.get("region").problem("'" + region + "' is not an AWS region name such as eu-central-1");
        } else if (region.equals(primaryRegion)) {
            node.get("region").problem("the DR region must differ from the primary region " + primaryRegion
                    + ": a replica in the same region fails with it");
        }
        var mode = node.get("mode").oneOf(DrConfig.DEFAULT_MODE, List.of(DrConfig.PILOT_LIGHT, DrConfig.WARM_STANDBY));
        double fraction = DrConfig.DEFAULT_WARM_STANDBY_FRACTION;
        var fractionNode = node.get("warmStandbyFraction");
        if (fractionNode.isPresent()) {
            var rawValue = fractionNode.raw();
            try {
                fraction = Double.parseDouble(String.valueOf(rawValue));
            } catch (NumberFormatException e) {
                fraction = -1;
            }
            if (!(fraction > 0 && fraction <= 1)) {
                fractionNode.problem("must be a number above 0 and at most 1 (the share of production's minimum tasks kept "
                        + "running), got " + rawValue);
                fraction = DrConfig.DEFAULT_WARM_STANDBY_FRACTION;
            }
        }
        var cidrNode = node.get("vpcCidr");
        var cidr = cidrNode.isPresent() ? validateVpcCidr(cidrNode, cidrNode.string(primaryCidr)) : primaryCidr;
        var cert = node.get("certificateArn").optionalString();
        // checked against a usable DR region only: a wrong region is one mistake, not two
        boolean regionUsable = REGION.matcher(region).matches() && !region.equals(primaryRegion);
        cert.filter(c -> regionUsable && !c.matches("arn:aws[a-z-]*:acm:" + java.util.regex.Pattern.quote(region) + ":\\d{12}:certificate/[A-Za-z0-9-]+"))
                .ifPresent(c -> node.get("certificateArn").problem("must be an ACM certificate ARN in the DR region " + region
                        + " (certificates are regional), got '" + c + "'"));
        cert.filter(c -> regionUsable && c.matches("arn:aws[a-z-]*:acm:" + java.util.regex.Pattern.quote(region) + ":\\d{12}:certificate/[A-Za-z0-9-]+"))
                .ifPresent(c -> certificateAccountProblem(c, account).ifPresent(node.get("certificateArn")::problem));
        var zones = regionUsable ? zoneNames(node.get("zones"), region, primaryZones, "")
                : io.berth.model.NetworkConfig.defaultZones(region, primaryZones);
        var active = node.get("active").bool(false);
        var drill = node.get("drill").bool(false);
        if (drill && !active) {
            node.get("drill").problem("a drill sends users to the replica; set active: true first (and pulumi up) so it runs "
                    + "production's capacity, then drill: true");
        }
        return java.util.Optional.of(new DrConfig(region, mode, fraction, active, cidr, cert, zones, drill));
    }

    private static String cidrOf(RawConfig raw) {
        var node = raw.node("berth:network", new Problems()).get("vpcCidr");
        var cidr = node.string(NetworkConfig.DEFAULT_VPC_CIDR);
        return Cidrs.block(cidr).map(inet.ipaddr.IPAddress::toCanonicalString).orElse(NetworkConfig.DEFAULT_VPC_CIDR);
    }

    private static RegistryConfig loadRegistry(ConfigNode node, boolean production, java.util.Optional<DrConfig> dr, String region,
                                               String ownAccount) {
        boolean hasDr = dr.isPresent();
        node.allowOnly("immutableTags", "customerManagedKey", "keepReleases", "untaggedExpiryDays", "pullAccounts", "replicationOwner",
                "replicateTo", "acceptReplicationFrom");
        var immutable = node.get("immutableTags").bool(RegistryConfig.DEFAULT_IMMUTABLE_TAGS);
        if (production && !immutable) {
            node.get("immutableTags").problem("production registries keep immutable tags: a release tag must always "
                    + "mean the same image; remove the setting");
        }
        var accounts = node.get("pullAccounts").distinctStringList();
        accounts.stream().filter(a -> !ACCOUNT.matcher(a).matches()).forEach(a ->
                node.get("pullAccounts").problem("'" + a + "' is not a 12-digit AWS account id"));
        var owner = node.get("replicationOwner").bool(hasDr);
        var targets = new java.util.ArrayList<RegistryConfig.ReplicationTarget>();
        var targetsNode = node.get("replicateTo");
        var destinations = new java.util.HashMap<String, String>();
        for (var item : targetsNode.items()) {
            item.allowOnly("account", "regions");
            var account = item.get("account").requireString("the 12-digit account to replicate to, quoted");
            if (!account.isEmpty() && !ACCOUNT.matcher(account).matches()) {
                item.get("account").problem("must be a 12-digit AWS account id in quotes, got '" + account + "'");
            }
            var regions = item.get("regions").distinctStringList();
            if (regions.isEmpty()) {
                item.get("regions").problem("is required: the regions of that account to replicate to, e.g. [eu-west-1]");
            }
            regions.stream().filter(r -> !REGION.matcher(r).matches()).forEach(r ->
                    item.get("regions").problem("'" + r + "' is not an AWS region name such as eu-west-1"));
            for (var r : regions) {
                var destination = account + " " + r;
                if (account.equals(ownAccount) && r.equals(region)) {
                    item.get("regions").problem("'" + r + "' in account " + account + " is this registry itself; ECR replicates "
                            + "only to another region or account: remove it");
                } else if (account.equals(ownAccount) && dr.map(d -> d.region().equals(r)).orElse(false)) {
                    item.get("regions").problem("'" + r + "' in account " + account + " is the DR region, which berth "
                            + "replicates to already (berth:dr); remove it");
                } else if (destinations.putIfAbsent(destination, item.path()) != null) {
                    item.get("regions").problem("'" + r + "' in account " + account + " is also a destination of "
                            + destinations.get(destination) + "; ECR takes each destination once: remove one");
                }
            }
            if (regions.size() > RegistryConfig.MAX_DESTINATIONS) {
                item.get("regions").problem("a replication rule takes at most " + RegistryConfig.MAX_DESTINATIONS
                        + " destinations (AWS rule 25), got " + regions.size());
            }
            targets.add(new RegistryConfig.ReplicationTarget(account, regions));
        }
        int rules = targets.size() + (hasDr ? 1 : 0);
        if (rules > RegistryConfig.MAX_RULES) {
            targetsNode.problem("a registry's replication configuration holds at most " + RegistryConfig.MAX_RULES
                    + " rules (AWS rule 25); berth needs one per entry" + (hasDr ? " plus one for the DR region" : "")
                    + ", got " + rules + "; list several regions of one account in one entry");
        }
        if (!targets.isEmpty() && !owner) {
            targetsNode.problem("only the stack that owns the registry's replication configuration may replicate (it is one "
                    + "per registry); set replicationOwner: true here and make sure no other stack of this account does");
        }
        var accept = node.get("acceptReplicationFrom").distinctStringList();
        accept.stream().filter(a -> !ACCOUNT.matcher(a).matches()).forEach(a ->
                node.get("acceptReplicationFrom").problem("'" + a + "' is not a 12-digit AWS account id"));
        accept.stream().filter(ownAccount::equals).forEach(a -> node.get("acceptReplicationFrom").problem("'" + a
                + "' is this stack's own account, whose replication needs no registry policy; remove it"));
        return new RegistryConfig(immutable, node.get("customerManagedKey").bool(production),
                node.get("keepReleases").integer(RegistryConfig.DEFAULT_KEEP_RELEASES, 1, 1000),
                node.get("untaggedExpiryDays").integer(RegistryConfig.DEFAULT_UNTAGGED_EXPIRY_DAYS, 1, 365), accounts,
                owner, targets, accept);
    }

    private static ClusterConfig loadCluster(ConfigNode node, boolean production) {
        node.allowOnly("containerInsights", "defaultCapacity", "execLogging");
        var insights = node.get("containerInsights").oneOf(ClusterConfig.DEFAULT_CONTAINER_INSIGHTS,
                List.of("enabled", "enhanced", "disabled"));
        var defaultProfile = production ? CapacityProfiles.BALANCED : CapacityProfiles.SPOT_FIRST;
        var profile = node.get("defaultCapacity").oneOf(defaultProfile, List.copyOf(CapacityProfiles.names()));
        CapacityStrategy strategy = CapacityProfiles.resolve(profile).orElseThrow();
        return new ClusterConfig(insights, strategy, node.get("execLogging").bool(ClusterConfig.DEFAULT_EXEC_LOGGING));
    }

    /**
     * Rejects every key that would do nothing: a {@code berth:} key berth does not define, and a
     * namespace other than {@link #NAMESPACES}. berth registers resources only through its own
     * explicit AWS providers, so a setting for any other provider ({@code random:}, {@code gcp:})
     * or a misspelt namespace ({@code berht:}) would be silently ignored.
     */
    private static void rejectUnknownBerthKeys(RawConfig raw, Problems problems) {
        for (var key : raw.values().keySet()) {
            var colon = key.indexOf(':');
            var namespace = colon < 0 ? "" : key.substring(0, colon);
            if (namespace.equals("berth")) {
                var name = key.substring("berth:".length());
                if (!BERTH_KEYS.contains(name)) {
                    problems.add(raw.file(), key, "unknown setting" + ConfigNode.suggestion(name, BERTH_KEYS)
                            + "; berth settings are " + String.join(", ", BERTH_KEYS.stream().map(k -> "berth:" + k).toList()));
                }
            } else if (namespace.equals("aws") && !key.equals("aws:region")) {
                // Stack config aws:* configures only Pulumi's default provider; berth's resources all go through
                // explicit providers (one per region, pinned to the account), which read their arguments only.
                var name = key.substring("aws:".length());
                problems.add(raw.file(), key, "berth's AWS providers are explicit (one per region, pinned to "
                        + "berth:environment.account) and read only aws:region from the stack file, so aws:" + name
                        + " would do nothing" + (ConfigNode.suggestion(name, List.of("region")).isEmpty()
                        ? "" : " (did you mean 'aws:region'?)")
                        + "; remove it (credentials and profiles come from the environment: AWS_PROFILE, AWS_* variables)");
            } else if (!NAMESPACES.contains(namespace)) {
                problems.add(raw.file(), key, "unknown namespace '" + namespace + "'" + ConfigNode.suggestion(namespace, NAMESPACES)
                        + "; a berth stack reads berth: settings, aws: (the AWS provider) and pulumi: (the Pulumi CLI), "
                        + "and a setting in any other namespace would do nothing: rename or remove it");
            }
        }
    }

    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");

    /**
     * Why {@code value} cannot be an AWS tag value, if it cannot: berth tags every resource with the
     * owner and cost centre, so a character one AWS service refuses fails the deployment halfway.
     */
    static java.util.Optional<String> tagValueProblem(String value) {
        if (TAG_VALUE.matcher(value).matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("'" + value + "' cannot be a tag value, and berth tags resources with it: AWS takes at "
                + "most 256 letters, digits, spaces and _ . : / = + - @" + (value.length() > 256 ? " (this has " + value.length()
                + " characters)" : "") + "; e.g. platform-team");
    }

    private static String sortedRetentions() {
        return LOG_RETENTION_DAYS.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
    }
}
