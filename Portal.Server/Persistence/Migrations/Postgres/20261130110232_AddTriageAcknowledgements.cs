using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Postgres
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
                    Environment = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    By = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
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
