using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddServiceDeploymentArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArchivedServiceDeployments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ServiceDeploymentArn = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    EcsDeploymentId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    TargetServiceRevisionArn = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    SourceServiceRevisionArns = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    TargetTaskDefinition = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    RollbackReason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    RollbackStartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RollbackServiceRevisionArn = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    LastCheckedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LedgerDeploymentId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchivedServiceDeployments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedServiceDeployments_Environment_ServiceDeploymentArn",
                table: "ArchivedServiceDeployments",
                columns: new[] { "Environment", "ServiceDeploymentArn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceDeployments_Environment_Ledger_CreatedAt",
                table: "ArchivedServiceDeployments",
                columns: new[] { "Environment", "LedgerDeploymentId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceDeployments_Environment_Service_Ledger_CreatedAt",
                table: "ArchivedServiceDeployments",
                columns: new[] { "Environment", "Service", "LedgerDeploymentId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArchivedServiceDeployments");
        }
    }
}
