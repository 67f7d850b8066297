package io.berth.service;

import com.pulumi.core.Output;
import io.berth.config.EnvironmentConfig;
import io.berth.ingress.LoadBalancer;

import java.util.List;
import java.util.Optional;

/**
 * What a service needs from the environment's other components. {@code delivery}: the pipeline that
 * deploys this service's releases here, which then owns the running task definition (see {@link Service}).
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
        Optional<io.berth.delivery.DeliverySpec> delivery) {

    /** A service no pipeline deploys (the DR replica's, or any service without delivery). */
    public ServiceContext(EnvironmentConfig env, Output<String> vpcId, List<Output<String>> privateSubnetIds,
                          Output<String> clusterArn, Output<String> clusterName, Output<String> namespaceId,
                          Optional<LoadBalancer> loadBalancer, Optional<ImageRepository> repository) {
        this(env, vpcId, privateSubnetIds, clusterArn, clusterName, namespaceId, loadBalancer, repository, Optional.empty());
    }

    /** Where the service's image lives: its URL for the task definition, its ARN for the pull permission. */
    public record ImageRepository(Output<String> url, Output<String> arn) {
    }
}
