// Migrations that may take longer than one Lambda invocation (docs/lambda.md, "Resumable runs"):
// one image, three ways to run it.
//
//   - a Lambda function with lambda.resumable on (RETORT_LAMBDA_RESUMABLE=true, read by the image's
//     config/retort.yaml): each invocation commits per migration, stops before a step that would
//     not finish before its deadline and answers "complete": false;
//   - a Step Functions state machine that invokes it until "complete" is true
//     (../step-functions/upgrade-with-ecs-fallback.asl.json), with a bound on the invocations and
//     a Fail state for a failed migration;
//   - an ECS Fargate task definition of the same image with the command ["upgrade", "head"], which
//     has no deadline: the state machine runs it (ecs:runTask.sync) when the function reports a step
//     that cannot fit (errorType Function.StepTooLong) or one the deadline interrupted on its own
//     (Function.DeadlineExceeded). Run it by hand for migrations known to take hours:
//       aws ecs run-task --cluster <cluster> --task-definition <family> --launch-type FARGATE \
//         --network-configuration 'awsvpcConfiguration={subnets=[subnet-...],securityGroups=[sg-...]}' \
//         --overrides '{"containerOverrides": [{"name": "retort", "command": ["upgrade", "head"]}]}'
//
// The function and the task read the same config and get the same DATABASE_URL, so they migrate the
// same database with the same version table and lock: a task started while an invocation runs
// waits for retort's lock, then continues from the version table.
//
// Start an execution after a deploy (from CI: `aws stepfunctions start-execution
// --state-machine-arn ...` and wait for it), or use docs/examples/ci-invoke.sh, which loops on
// the function alone.
import * as path from "node:path";
import { Duration, Fn, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecrAssets from "aws-cdk-lib/aws-ecr-assets";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";

export interface ResumableMigrationsProps {
  readonly vpc: ec2.IVpc;
  /** Allowed to connect to the database; used by the function and the task. */
  readonly securityGroup: ec2.ISecurityGroup;
  /**
   * postgresql://user:password@host:5432/dbname?sslmode=require, passed as DATABASE_URL (the
   * image's config reads ${DATABASE_URL}). Anyone who can read the function's configuration or the
   * task definition sees it.
   */
  readonly databaseUrl: string;
  /** The function's timeout: each invocation's deadline. At most 15 minutes (the default). */
  readonly functionTimeout?: Duration;
  /**
   * true (the default): a step that cannot fit an invocation runs as the ECS task. false: the state
   * machine only loops on the function (../step-functions/resumable-upgrade.asl.json) and fails on
   * such a step.
   */
  readonly ecsFallback?: boolean;
}

// This file is docs/examples/cdk/resumable-migrations.ts: the repository root holds the Dockerfile.
const repoRoot = path.join(__dirname, "..", "..", "..");
const stateMachines = path.join(__dirname, "..", "step-functions");
const containerName = "retort";

export class ResumableMigrations extends Construct {
  readonly function: lambda.DockerImageFunction;
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ResumableMigrationsProps) {
    super(scope, id);

    // One image asset for both: the function and the task run the same build of the Dockerfile
    // (ENTRYPOINT /usr/local/bin/retort, CMD ["lambda"], config and migrations under /var/task).
    const image = new ecrAssets.DockerImageAsset(this, "Image", {
      directory: repoRoot,
      platform: ecrAssets.Platform.LINUX_AMD64,
    });
    const subnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    this.function = new lambda.DockerImageFunction(this, "Function", {
      code: lambda.DockerImageCode.fromEcr(image.repository, { tagOrDigest: image.imageTag }),
      architecture: lambda.Architecture.X86_64,
      timeout: props.functionTimeout ?? Duration.minutes(15),
      memorySize: 256,
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [props.securityGroup],
      environment: { DATABASE_URL: props.databaseUrl, RETORT_LAMBDA_RESUMABLE: "true" },
      // The state machine decides what to do after a failure; Lambda must not run it again.
      retryAttempts: 0,
    });

    this.cluster = new ecs.Cluster(this, "Cluster", { vpc: props.vpc });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, "Task", {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.taskDefinition.addContainer(containerName, {
      image: ecs.ContainerImage.fromDockerImageAsset(image),
      // The image's CMD is the Lambda loop; the task runs the CLI. The state machine passes the same
      // command as an override, as `aws ecs run-task --overrides` would.
      command: ["upgrade", "head"],
      environment: { DATABASE_URL: props.databaseUrl },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "retort" }),
      essential: true,
    });

    const definition =
      props.ecsFallback ?? true ? "upgrade-with-ecs-fallback.asl.json" : "resumable-upgrade.asl.json";
    this.stateMachine = new sfn.StateMachine(this, "Upgrade", {
      definitionBody: sfn.DefinitionBody.fromFile(path.join(stateMachines, definition)),
      definitionSubstitutions: {
        FunctionArn: this.function.functionArn,
        ClusterArn: this.cluster.clusterArn,
        TaskDefinitionArn: this.taskDefinition.taskDefinitionArn,
        ContainerName: containerName,
        SubnetIds: Fn.join(",", props.vpc.selectSubnets(subnets).subnetIds),
        SecurityGroupIds: props.securityGroup.securityGroupId,
      },
      // 40 invocations of 15 minutes at most, or the task.
      timeout: Duration.hours(12),
    });

    this.function.grantInvoke(this.stateMachine);
    // ecs:runTask.sync: start the task, watch it and stop it on a timeout, pass it its roles, and
    // manage the EventBridge rule through which Step Functions learns that the task stopped.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["ecs:RunTask"],
        resources: [this.taskDefinition.taskDefinitionArn],
      }),
    );
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ actions: ["ecs:StopTask", "ecs:DescribeTasks"], resources: ["*"] }),
    );
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["iam:PassRole"],
        resources: [
          this.taskDefinition.taskRole.roleArn,
          this.taskDefinition.obtainExecutionRole().roleArn,
        ],
      }),
    );
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
        resources: [
          Stack.of(this).formatArn({
            service: "events",
            resource: "rule",
            resourceName: "StepFunctionsGetEventsForECSTaskRule",
          }),
        ],
      }),
    );
  }
}
