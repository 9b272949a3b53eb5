using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Server.Persistence.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Environment = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Cluster = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Service = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    AlarmName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    MetricName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Threshold = table.Column<double>(type: "double precision", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
