using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChatRequestsAndChangedFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChangedFiles",
                table: "AnnouncedBuilds",
                type: "TEXT",
                maxLength: 16000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SeenChatRequests",
                columns: table => new
                {
                    Signature = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    SeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeenChatRequests", x => x.Signature);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SeenChatRequests_SeenAt",
                table: "SeenChatRequests",
                column: "SeenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SeenChatRequests");

            migrationBuilder.DropColumn(
                name: "ChangedFiles",
                table: "AnnouncedBuilds");
        }
    }
}
