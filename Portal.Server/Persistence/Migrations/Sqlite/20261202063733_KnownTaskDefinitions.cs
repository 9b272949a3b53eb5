using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KnownTaskDefinitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KnownTaskDefinitions",
                columns: table => new
                {
                    Arn = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    DescribedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnownTaskDefinitions", x => x.Arn);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KnownTaskDefinitions");
        }
    }
}
