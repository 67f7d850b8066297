// Observability: every service is watched, and someone hears about it.
import { StackValidationPolicy } from "@pulumi/policy";
import { ADVISORY, asArray, describe, forStack, known, ofType, providerRegion, tagsOf, T } from "./util";

export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const TOPIC = "aws:sns/topic:Topic";
export const TOPIC_SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

/** The alarm kinds (tag berth:alarm) every service has: berth's ServiceAlarms. */
export const BASELINE_ALARMS = ["cpu-high", "memory-high", "utilization-high"];

export const serviceBaselineAlarms: StackValidationPolicy = {
    name: "ecs-service-baseline-alarms",
    description: describe(
        `Every ECS service has the baseline alarms (${BASELINE_ALARMS.join(", ")}: aws:cloudwatch/metricAlarm:MetricAlarm ` +
            "tagged berth:service and berth:alarm, in the service's region), and each notifies at least one SNS topic " +
            "that has a subscription or is not created by this stack (an existing chat-integration topic)",
        "berth org rule: operability",
    ),
    enforcementLevel: ADVISORY,
    validateStack: forStack((args, report) => {
        const alarms = ofType(args.resources, METRIC_ALARM);
        const topicNames = ofType(args.resources, TOPIC).map(t => t.name);
        // a topic of this stack: its ARN ends in its name, as given or as Pulumi's auto-name (<name>-<7 hex>)
        const ownTopic = (arn: string) => {
            const last = arn.slice(arn.lastIndexOf(":") + 1);
            return topicNames.some(n => last === n || (last.startsWith(n + "-") && /^[0-9a-f]{7}$/.test(last.slice(n.length + 1))));
        };
        const subscribed = new Set(
            ofType(args.resources, TOPIC_SUBSCRIPTION).map(s => known(() => s.props.topic)).filter(a => typeof a === "string"),
        );
        for (const service of ofType(args.resources, T.service)) {
            const name = tagsOf(service.props)["berth:service"];
            if (!name) {
                continue;
            }
            const region = providerRegion(service.provider);
            const own = alarms.filter(a => tagsOf(a.props)["berth:service"] === name && providerRegion(a.provider) === region);
            const kinds = new Set(own.map(a => tagsOf(a.props)["berth:alarm"]));
            const missing = BASELINE_ALARMS.filter(k => !kinds.has(k));
            if (missing.length > 0) {
                report(
                    `service "${name}"${region ? ` (${region})` : ""} has no ${missing.join(", ")} alarm; ` +
                        `remove alarms.enabled: false from services/${name}.yaml`,
                    service.urn,
                );
                continue;
            }
            for (const alarm of own) {
                // a topic ARN unknown during preview is berth's own topic: checked at pulumi up
                const actions = known(() => asArray<unknown>(alarm.props.alarmActions).map(a => a));
                if (actions === undefined || actions.some(a => typeof a !== "string")) {
                    continue;
                }
                const heard = (actions as string[]).some(a => subscribed.has(a) || !ownTopic(a));
                if (!heard) {
                    report(
                        `alarm "${alarm.name}" of service "${name}" notifies no topic with a subscriber; add an email, ` +
                            `https or topics entry under berth:notifications (the environment) or berth:notifications.owners ` +
                            `(the service's owner) in the stack file`,
                        alarm.urn,
                    );
                    break;
                }
            }
        }
    }),
};

export const DEPLOYMENT_GROUP = "aws:codedeploy/deploymentGroup:DeploymentGroup";

export const deploymentAlarmsRollback: StackValidationPolicy = {
    name: "ecs-deployment-alarms-rollback",
    description: describe(
        "Every release watches alarms and rolls back on them: an ECS-controller service behind a load balancer has " +
            "deployment alarms (alarms: enable and rollback true) naming metric alarms of this stack in its own region; " +
            "a CodeDeploy ECS deployment group has an enabled alarm configuration and rolls back on DEPLOYMENT_STOP_ON_ALARM",
        "berth org rule: safe deployments",
    ),
    enforcementLevel: ADVISORY,
    validateStack: forStack((args, report) => {
        const alarms = ofType(args.resources, METRIC_ALARM);
        for (const service of ofType(args.resources, T.service)) {
            const controller = known(() => service.props.deploymentController?.type);
            const routed = known(() => asArray<unknown>(service.props.loadBalancers).length > 0);
            if (controller === "CODE_DEPLOY" || controller === "EXTERNAL" || routed !== true) {
                continue; // CodeDeploy's groups are checked below; services without a target group rely on the circuit breaker
            }
            const name = tagsOf(service.props)["berth:service"] ?? service.name;
            const region = providerRegion(service.provider);
            const where = `service "${name}"${region ? ` (${region})` : ""}`;
            if (known(() => asArray<unknown>(service.props.alarms?.alarmNames) && false) === undefined) {
                continue; // unknown during preview: checked at pulumi up
            }
            const watch = service.props.alarms;
            const names = asArray<unknown>(watch?.alarmNames);
            if (!watch || watch.enable !== true || watch.rollback !== true || names.length === 0) {
                report(`${where} rolls out releases without deployment alarms that roll back (alarms is ${JSON.stringify(watch ?? null)}); ` +
                    `set deployment.rollbackOnAlarm: true and alarms.enabled: true in services/${name}.yaml`, service.urn);
                continue;
            }
            const here = alarms.filter(a => providerRegion(a.provider) === region).map(a => known(() => a.props.name));
            const absent = names.filter(n => typeof n === "string" && !here.includes(n));
            if (absent.length > 0) {
                report(`${where} names deployment alarms this stack does not create in its region: ${absent.join(", ")}; ` +
                    `ECS looks them up by name in the service's region`, service.urn);
            }
        }
        for (const group of ofType(args.resources, DEPLOYMENT_GROUP)) {
            if (known(() => group.props.ecsService) === undefined) {
                continue;
            }
            const alarmConfiguration = known(() => group.props.alarmConfiguration);
            const events = known(() => asArray<unknown>(group.props.autoRollbackConfiguration?.events)) ?? [];
            const watching = alarmConfiguration?.enabled === true && asArray<unknown>(alarmConfiguration?.alarms).length > 0;
            if (!watching || group.props.autoRollbackConfiguration?.enabled !== true || !events.includes("DEPLOYMENT_STOP_ON_ALARM")) {
                const service = tagsOf(group.props)["berth:service"] ?? group.name;
                report(`deployment group "${group.name}" does not stop and roll back a release on alarm (alarmConfiguration ` +
                    `${JSON.stringify(alarmConfiguration ?? null)}, rollback events ${JSON.stringify(events)}); set ` +
                    `deployment.rollbackOnAlarm: true and alarms.enabled: true in services/${service}.yaml`, group.urn);
            }
        }
    }),
};

export const observabilityPolicies = [serviceBaselineAlarms, deploymentAlarmsRollback];
