/*
 * migrations.h: the numbered SQL migrations built into the binary from
 * src/store/migrations/NNNN_name.sql by CMake (cmake/embed_migrations.cmake).
 * Shared between the store's back ends only.
 */
#ifndef SP_MIGRATIONS_H
#define SP_MIGRATIONS_H

struct sp__migration {
  int version;      /* NNNN from the file name */
  const char *name; /* the file name */
  const char *sql;  /* the whole file */
};

/* In ascending version order. */
extern const struct sp__migration sp__migrations[];
extern const int sp__migration_count;

#endif
