using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddDeploymentLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnnouncedBuilds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Image = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    CommitSha = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    AnnouncedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AnnouncedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnouncedBuilds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Deployments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    FromTaskDefinition = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ToTaskDefinition = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Image = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    BuildCommit = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    EcsDeploymentId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedServiceAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deployments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceLocks",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 576, nullable: false),
                    DeploymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AcquiredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceLocks", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnnouncedBuilds_Service_AnnouncedAt",
                table: "AnnouncedBuilds",
                columns: new[] { "Service", "AnnouncedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnnouncedBuilds_Service_Image",
                table: "AnnouncedBuilds",
                columns: new[] { "Service", "Image" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Environment_Cluster_Service_RequestedAt",
                table: "Deployments",
                columns: new[] { "Environment", "Cluster", "Service", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Environment_Service_IdempotencyKey",
                table: "Deployments",
                columns: new[] { "Environment", "Service", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Status",
                table: "Deployments",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnnouncedBuilds");

            migrationBuilder.DropTable(
                name: "Deployments");

            migrationBuilder.DropTable(
                name: "ServiceLocks");
        }
    }
}
