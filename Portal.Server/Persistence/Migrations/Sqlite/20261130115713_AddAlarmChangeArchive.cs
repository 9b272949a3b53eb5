using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddAlarmChangeArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArchivedAlarmChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    AlarmName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MetricName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Threshold = table.Column<double>(type: "REAL", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchivedAlarmChanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedAlarmChanges_ChangedAt",
                table: "ArchivedAlarmChanges",
                column: "ChangedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedAlarmChanges_Environment_AlarmName_ChangedAt",
                table: "ArchivedAlarmChanges",
                columns: new[] { "Environment", "AlarmName", "ChangedAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedAlarmChanges_Environment_Service_ChangedAt",
                table: "ArchivedAlarmChanges",
                columns: new[] { "Environment", "Service", "ChangedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArchivedAlarmChanges");
        }
    }
}
