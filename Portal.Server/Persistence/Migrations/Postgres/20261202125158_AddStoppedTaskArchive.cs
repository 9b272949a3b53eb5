using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddStoppedTaskArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArchivedStoppedTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Environment = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    TaskArn = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    TaskDefinitionArn = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    LaunchType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    AvailabilityZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    HealthStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StoppedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StopCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    StoppedReason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Summary = table.Column<string>(type: "character varying(1100)", maxLength: 1100, nullable: false),
                    Unexpected = table.Column<bool>(type: "boolean", nullable: false),
                    Containers = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchivedStoppedTasks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedStoppedTasks_Environment_Service_StoppedAt",
                table: "ArchivedStoppedTasks",
                columns: new[] { "Environment", "Service", "StoppedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedStoppedTasks_Environment_TaskArn",
                table: "ArchivedStoppedTasks",
                columns: new[] { "Environment", "TaskArn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedStoppedTasks_StoppedAt",
                table: "ArchivedStoppedTasks",
                column: "StoppedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArchivedStoppedTasks");
        }
    }
}
