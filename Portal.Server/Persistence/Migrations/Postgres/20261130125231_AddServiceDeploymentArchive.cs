using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Environment = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ServiceDeploymentArn = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    EcsDeploymentId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StatusReason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    TargetServiceRevisionArn = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    SourceServiceRevisionArns = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: true),
                    TargetTaskDefinition = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    RollbackReason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    RollbackStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RollbackServiceRevisionArn = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    LastCheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LedgerDeploymentId = table.Column<Guid>(type: "uuid", nullable: true)
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
