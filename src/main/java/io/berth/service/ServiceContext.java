package io.berth.service;

import com.pulumi.core.Output;
import io.berth.model.EnvironmentConfig;
import io.berth.ingress.LoadBalancer;

import java.util.List;
import java.util.Optional;

/**
 * What a service needs from the environment's other components. {@code delivery}: the pipeline that
 * deploys this service's releases here, which then owns the running task definition (see {@link Service}).
 * {@code releasedByPipeline}: a pipeline built elsewhere rolls releases out to this service (the DR
 * replica's copy of a service whose primary has a pipeline), so it owns the running task definition
 * too, although no pipeline is built here. {@code released}: the service's image is in its registry
 * (always, for an external image); until then the service waits for its first release, created with
 * no tasks and no schedules (see {@link Service}).
 */
public record ServiceContext(
        EnvironmentConfig env,
        Output<String> vpcId,
        List<Output<String>> privateSubnetIds,
        Output<String> clusterArn,
        Output<String> clusterName,
        Output<String> namespaceId,
        Optional<LoadBalancer> loadBalancer,
        Optional<ImageRepository> repository,
        Optional<io.berth.model.DeliverySpec> delivery,
        boolean releasedByPipeline,
        boolean released) {

    /** A service deployed by its own pipeline here (when {@code delivery} is present), or by none. */
    public ServiceContext(EnvironmentConfig env, Output<String> vpcId, List<Output<String>> privateSubnetIds,
                          Output<String> clusterArn, Output<String> clusterName, Output<String> namespaceId,
                          Optional<LoadBalancer> loadBalancer, Optional<ImageRepository> repository,
                          Optional<io.berth.model.DeliverySpec> delivery) {
        this(env, vpcId, privateSubnetIds, clusterArn, clusterName, namespaceId, loadBalancer, repository, delivery, delivery.isPresent(), true);
    }

    /** A service whose image is in its registry. */
    public ServiceContext(EnvironmentConfig env, Output<String> vpcId, List<Output<String>> privateSubnetIds,
                          Output<String> clusterArn, Output<String> clusterName, Output<String> namespaceId,
                          Optional<LoadBalancer> loadBalancer, Optional<ImageRepository> repository,
                          Optional<io.berth.model.DeliverySpec> delivery, boolean releasedByPipeline) {
        this(env, vpcId, privateSubnetIds, clusterArn, clusterName, namespaceId, loadBalancer, repository, delivery, releasedByPipeline, true);
    }

    /** Whether the service waits for its first release: its image is not in its registry yet. */
    public boolean awaitingFirstRelease() {
        return !released;
    }

    /** Whether a pipeline (here or in the primary region) owns the running task definition. */
    public boolean pipelineOwned() {
        return releasedByPipeline || delivery.isPresent();
    }

    /** A service no pipeline deploys. */
    public ServiceContext(EnvironmentConfig env, Output<String> vpcId, List<Output<String>> privateSubnetIds,
                          Output<String> clusterArn, Output<String> clusterName, Output<String> namespaceId,
                          Optional<LoadBalancer> loadBalancer, Optional<ImageRepository> repository) {
        this(env, vpcId, privateSubnetIds, clusterArn, clusterName, namespaceId, loadBalancer, repository, Optional.empty());
    }

    /** Where the service's image lives: its URL for the task definition, its ARN for the pull permission. */
    public record ImageRepository(Output<String> url, Output<String> arn) {
    }
}
