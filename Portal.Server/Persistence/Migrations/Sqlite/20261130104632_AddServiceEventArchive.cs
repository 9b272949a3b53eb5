using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddServiceEventArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArchivedServiceEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Class = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchivedServiceEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedServiceEvents_CreatedAt",
                table: "ArchivedServiceEvents",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedServiceEvents_Environment_Cluster_Service_EventId",
                table: "ArchivedServiceEvents",
                columns: new[] { "Environment", "Cluster", "Service", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedServiceEvents_Environment_Service_CreatedAt",
                table: "ArchivedServiceEvents",
                columns: new[] { "Environment", "Service", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArchivedServiceEvents");
        }
    }
}
