# The retort image as a Lambda function in the database's VPC, and an invocation that runs
# `retort upgrade head` during `terraform apply` whenever the migrations (or the image) change.
# A failed migration fails the apply: aws_lambda_invocation reports the function's error.
#
# Build and push the image first (the migrations are inside it, under /var/task/migrations):
#   docker build -t "$REPO_URI:$GIT_SHA" . && docker push "$REPO_URI:$GIT_SHA"
#   terraform apply -var image_uri="$REPO_URI:$GIT_SHA" -var ...

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0" # lifecycle_scope on aws_lambda_invocation
    }
  }
}

variable "image_uri" {
  description = "ECR image URI of the retort image (a tag that changes with every build, or a digest)"
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets that reach the database"
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups allowed to connect to the database"
  type        = list(string)
}

variable "database_url" {
  description = "postgresql://user:password@host:5432/dbname?sslmode=require"
  type        = string
  sensitive   = true
}

locals {
  # The repository's migrations directory (this file is docs/examples/terraform/main.tf).
  migrations_dir = "${path.module}/../../../migrations"
  # Changes whenever a migration file is added, removed or edited.
  migrations_hash = sha256(join("\n", [
    for f in sort(fileset(local.migrations_dir, "*.sql")) : "${f}:${filesha256("${local.migrations_dir}/${f}")}"
  ]))
}

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "migrate" {
  name               = "retort-migrate"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

# Logs, and the network interfaces a function in a VPC needs.
resource "aws_iam_role_policy_attachment" "vpc_access" {
  role       = aws_iam_role.migrate.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_lambda_function" "migrate" {
  function_name = "retort-migrate"
  role          = aws_iam_role.migrate.arn
  package_type  = "Image"
  image_uri     = var.image_uri
  # The image's ENTRYPOINT is /usr/local/bin/retort and its CMD `lambda`: nothing to override.
  timeout     = 900 # seconds; a migration longer than Lambda's 15 minutes belongs in an ECS task
  memory_size = 256

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  environment {
    variables = {
      # Read by the image's config (url: ${DATABASE_URL:-...}). Lambda stores environment variables
      # encrypted, but they are visible to anyone who can read the function's configuration.
      DATABASE_URL = var.database_url
    }
  }

  depends_on = [aws_iam_role_policy_attachment.vpc_access]
}

# Runs on create, and again whenever a value in `triggers` changes.
resource "aws_lambda_invocation" "migrate" {
  function_name = aws_lambda_function.migrate.function_name
  input         = jsonencode({ argv = ["upgrade", "head"] })

  triggers = {
    migrations = local.migrations_hash
    image      = var.image_uri
  }

  # CRUD also invokes the function on update and destroy, adding
  # "tf": {"action": "create" | "update" | "delete", ...} to the input object (hence `argv` in an
  # object rather than a bare array). retort answers `delete` with a successful no-op, so
  # `terraform destroy` never touches the schema. The default scope, CREATE_ONLY, works as well.
  lifecycle_scope = "CRUD"
}

output "migration_result" {
  # {"ok": true, "command": "upgrade", "from": [...], "to": [...], "applied": [...], ...}
  value = jsondecode(aws_lambda_invocation.migrate.result)
}
