/*
 * migrate.h — dashboards of the old layout (schemaVersion < 16: rows[] of
 * panels with span and height) into panels[] with gridPos, as Grafana's
 * DashboardMigrator.upgradeToGridLayout does.  Internal to the loader.
 */
#ifndef CAIRN_MIGRATE_H
#define CAIRN_MIGRATE_H

#include <jansson.h>

/* The member a migrated panel carries with its JSON path in the old layout
 * ("rows[1].panels[0]"), for the loader's messages. */
#define MIGRATE_PATH_KEY "__cairnPath"

/* rows[] → a new panels[] array (the caller json_decref's it): a row panel
 * for each row when any row is collapsed, repeated or shows its title (its
 * panels nested in it when collapsed), panels placed left to right in
 * their row, wrapping, span × 2 columns wide and height / 38 px rows tall
 * (at least 3; rows 250 px by default), then sorted by gridPos as
 * Grafana's DashboardModel does.  Entries that are not objects are left
 * out.  Never fails. */
json_t *migrate_rows(const json_t *rows);

#endif
