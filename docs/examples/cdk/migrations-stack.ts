// The retort image as a Lambda function next to the database, run on every `cdk deploy` that
// changes the migrations, in one of the two forms that FAIL THE DEPLOYMENT when a migration fails:
//
//   mode "trigger":          a CDK Trigger (aws-cdk-lib/triggers). It invokes the function
//                            synchronously with no payload, so retort runs lambda.default_command
//                            (`upgrade head`), and fails the stack when the function reports an error.
//   mode "custom-resource":  a plain Lambda-backed CustomResource whose ServiceToken is the function
//                            itself. With RetortMode "direct", retort answers CloudFormation on the
//                            event's ResponseURL: SUCCESS, or FAILED with the error as the Reason.
//                            A Delete answers SUCCESS without touching the schema.
//
// NOT this (the pattern of many blog posts):
//
//   new AwsCustomResource(this, "Migrate", {
//     onUpdate: { service: "Lambda", action: "invoke", parameters: { FunctionName, Payload }, ... },
//   });
//
// An AwsCustomResource that calls Lambda.invoke does NOT fail the stack when the migration fails:
// the Invoke API call itself succeeds (HTTP 200) and the function's error only appears as
// FunctionError in the response, which AwsCustomResource ignores, so the deployment reports success
// over a database that was not migrated (aws/aws-cdk issues 20933 and 20701).
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { CustomResource, Duration, Stack, StackProps } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as triggers from "aws-cdk-lib/triggers";
import { Construct } from "constructs";

export interface MigrationsStackProps extends StackProps {
  readonly vpc: ec2.IVpc;
  /** Allowed to connect to the database. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The database (e.g. an rds.DatabaseInstance): migrations run only once it exists. */
  readonly database: Construct;
  /**
   * postgresql://user:password@host:5432/dbname?sslmode=require, passed as DATABASE_URL (the
   * image's config reads ${DATABASE_URL}). Anyone who can read the function's configuration sees it.
   */
  readonly databaseUrl: string;
  readonly mode?: "trigger" | "custom-resource";
}

// This file is docs/examples/cdk/migrations-stack.ts: the repository root holds the Dockerfile.
const repoRoot = path.join(__dirname, "..", "..", "..");

// Changes whenever a migration file is added, removed or edited.
function migrationsHash(dir: string): string {
  const hash = crypto.createHash("sha256");
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    hash.update(name).update("\0").update(fs.readFileSync(path.join(dir, name))).update("\0");
  }
  return hash.digest("hex");
}

export class MigrationsStack extends Stack {
  constructor(scope: Construct, id: string, props: MigrationsStackProps) {
    super(scope, id, props);

    // Builds ./Dockerfile: ENTRYPOINT /usr/local/bin/retort, CMD ["lambda"], migrations under
    // /var/task/migrations. A new image (new migrations) is a new version of the function.
    const fn = new lambda.DockerImageFunction(this, "Migrate", {
      code: lambda.DockerImageCode.fromImageAsset(repoRoot),
      timeout: Duration.minutes(15),
      memorySize: 256,
      vpc: props.vpc,
      // Direct mode PUTs its answer to an S3 pre-signed ResponseURL: the subnets need a NAT
      // gateway or an S3 gateway endpoint.
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [props.securityGroup],
      environment: { DATABASE_URL: props.databaseUrl },
      // CloudFormation invokes custom-resource functions asynchronously. retort reports a failed
      // migration on the ResponseURL and ends the invocation normally; a crash or a timeout would
      // make Lambda retry the event twice: don't.
      retryAttempts: 0,
    });

    if ((props.mode ?? "trigger") === "trigger") {
      // (a) A CDK Trigger: runs after the database exists, and again whenever the function
      // changes (executeOnHandlerChange, the default: a new image is a new function version).
      new triggers.Trigger(this, "MigrateOnDeploy", {
        handler: fn,
        executeAfter: [props.database],
        executeOnHandlerChange: true,
        timeout: Duration.minutes(15),
      });
    } else {
      // (b) A plain Lambda-backed custom resource: CloudFormation sends the event to the function
      // itself (no provider in between) and waits for its answer on the ResponseURL. A change of
      // MigrationsHash is an Update, which runs Command again.
      const migrations = new CustomResource(this, "Migrations", {
        serviceToken: fn.functionArn,
        properties: {
          RetortMode: "direct",
          Command: ["upgrade", "head"],
          MigrationsHash: migrationsHash(path.join(repoRoot, "migrations")),
        },
      });
      migrations.node.addDependency(props.database);
    }
  }
}
