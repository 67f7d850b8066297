package io.berth.testing;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Queries over a plan's recorded resources, following ids the way AWS would. */
public final class Plans {
    public static final String VPC = "aws:ec2/vpc:Vpc";
    public static final String SUBNET = "aws:ec2/subnet:Subnet";
    public static final String NAT = "aws:ec2/natGateway:NatGateway";
    public static final String EIP = "aws:ec2/eip:Eip";
    public static final String ROUTE = "aws:ec2/route:Route";
    public static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    public static final String ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    public static final String IGW = "aws:ec2/internetGateway:InternetGateway";
    public static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    public static final String SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
    public static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    public static final String FLOW_LOG = "aws:ec2/flowLog:FlowLog";
    public static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
    public static final String ROLE = "aws:iam/role:Role";
    public static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    public static final String CLUSTER = "aws:ecs/cluster:Cluster";
    public static final String CAPACITY_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
    public static final String NAMESPACE = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace";
    public static final String AWS_PROVIDER = "pulumi:providers:aws";

    private Plans() {
    }

    /**
     * The part of a plan under one component (the component included), as a plan of its own, so
     * that queries about the primary network or cluster do not see the services, the load balancer
     * or a disaster-recovery replica's copies.
     */
    public static Plan scope(Plan plan, String componentType, String componentName) {
        var root = plan.resources().stream().filter(r -> r.type().equals(componentType) && r.name().equals(componentName)).toList();
        assertThat(root).as("component %s %s", componentType, componentName).hasSize(1);
        var urn = root.get(0).urn();
        var byUrn = plan.resources().stream().collect(Collectors.toMap(PlannedResource::urn, r -> r));
        var inside = plan.resources().stream().filter(r -> {
            for (var at = r; at != null; at = byUrn.get(at.parent())) {
                if (at.urn().equals(urn)) {
                    return true;
                }
            }
            return false;
        }).toList();
        return new Plan(plan.stack(), plan.env(), plan.catalog(), inside, plan.outputs());
    }

    /** The stack's own network (not a replica's). */
    public static Plan network(Plan plan) {
        return scope(plan, "berth:network:Network", plan.stack());
    }

    /** The stack's own cluster (not a replica's). */
    public static Plan cluster(Plan plan) {
        return scope(plan, "berth:cluster:Cluster", plan.stack());
    }

    /** The one resource of this type; fails when there is none or more than one. */
    public static PlannedResource only(Plan plan, String type) {
        var found = plan.ofType(type);
        assertThat(found).as("resources of type %s", type).hasSize(1);
        return found.get(0);
    }

    /** Subnets tagged {@code berth:subnet: <kind>} (public or private), in name order. */
    public static List<PlannedResource> subnets(Plan plan, String kind) {
        return plan.ofType(SUBNET).stream()
                .filter(s -> kind.equals(tags(s).get("berth:subnet")))
                .sorted(Comparator.comparing(PlannedResource::name))
                .toList();
    }

    /** A resource's tags as a map, from a tags map or from an Auto Scaling group's list of {key, value}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> tags(PlannedResource r) {
        var tags = r.inputs().getOrDefault("tags", Map.of());
        if (tags instanceof List<?> list) {
            var out = new java.util.TreeMap<String, Object>();
            list.forEach(t -> out.put(String.valueOf(((Map<String, Object>) t).get("key")), ((Map<String, Object>) t).get("value")));
            return out;
        }
        return (Map<String, Object>) tags;
    }

    public static String str(PlannedResource r, String key) {
        return (String) r.inputs().get(key);
    }

    /** The resource of {@code type} whose id is {@code id}: following a reference as AWS would. */
    public static PlannedResource byId(Plan plan, String type, Object id) {
        var found = plan.ofType(type).stream().filter(r -> r.id().equals(id)).toList();
        assertThat(found).as("%s with id %s", type, id).hasSize(1);
        return found.get(0);
    }

    /** The route table associated with a subnet. */
    public static PlannedResource routeTableOf(Plan plan, PlannedResource subnet) {
        var associations = plan.ofType(ASSOCIATION).stream().filter(a -> subnet.id().equals(str(a, "subnetId"))).toList();
        assertThat(associations).as("route table associations of %s", subnet.name()).hasSize(1);
        return byId(plan, ROUTE_TABLE, str(associations.get(0), "routeTableId"));
    }

    /** The 0.0.0.0/0 route of a route table. */
    public static PlannedResource defaultRouteOf(Plan plan, PlannedResource routeTable) {
        var routes = plan.ofType(ROUTE).stream()
                .filter(r -> routeTable.id().equals(str(r, "routeTableId")) && "0.0.0.0/0".equals(str(r, "destinationCidrBlock")))
                .toList();
        assertThat(routes).as("default routes of %s", routeTable.name()).hasSize(1);
        return routes.get(0);
    }
}
