using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeployGuards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deployments_Environment_Service_IdempotencyKey",
                table: "Deployments");

            migrationBuilder.AlterColumn<string>(
                name: "IdempotencyKey",
                table: "Deployments",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128);

            migrationBuilder.AddColumn<string>(
                name: "RequestFingerprint",
                table: "Deployments",
                type: "character varying(3072)",
                maxLength: 3072,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "AutoDeploySettings",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            // Keys used to be unique per service, not per caller: earlier rows give theirs up, so no two collide.
            migrationBuilder.Sql("UPDATE \"Deployments\" SET \"IdempotencyKey\" = NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Actor_IdempotencyKey",
                table: "Deployments",
                columns: new[] { "Actor", "IdempotencyKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deployments_Actor_IdempotencyKey",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "RequestFingerprint",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "AutoDeploySettings");

            migrationBuilder.AlterColumn<string>(
                name: "IdempotencyKey",
                table: "Deployments",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Environment_Service_IdempotencyKey",
                table: "Deployments",
                columns: new[] { "Environment", "Service", "IdempotencyKey" },
                unique: true);
        }
    }
}
