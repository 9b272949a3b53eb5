using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddTriageAcknowledgements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TriageAcknowledgements",
                columns: table => new
                {
                    Environment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TriageAcknowledgements", x => new { x.Environment, x.Cluster, x.Service });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TriageAcknowledgements");
        }
    }
}
