using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    TaskArn = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    TaskDefinitionArn = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    LaunchType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    AvailabilityZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    HealthStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StoppedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StopCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StoppedReason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1100, nullable: false),
                    Unexpected = table.Column<bool>(type: "INTEGER", nullable: false),
                    Containers = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
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
