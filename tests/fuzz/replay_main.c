/*
 * replay_main.c: runs a fuzz target's corpus under ctest without libFuzzer.
 * Feeds every regular file in the directory argv[1] to
 * LLVMFuzzerTestOneInput, in name order, and fails if the directory cannot
 * be read or holds no files. A crash or a sanitizer report fails the test.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  DIR *d = opendir(argv[1]);
  if (!d) {
    fprintf(stderr, "%s: cannot open %s\n", argv[0], argv[1]);
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **nn = realloc(names, cap * sizeof(*names));
      if (!nn)
        return 1;
      names = nn;
    }
    names[n] = strdup(e->d_name);
    if (!names[n])
      return 1;
    n++;
  }
  closedir(d);
  qsort(names, n, sizeof(*names), by_name);
  size_t ran = 0;
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", argv[1], names[i]);
    struct stat st;
    FILE *f = NULL;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
      f = fopen(path, "rb");
    if (f) {
      uint8_t *buf = malloc((size_t)st.st_size + 1);
      size_t len = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
      fclose(f);
      if (!buf)
        return 1;
      LLVMFuzzerTestOneInput(buf, len);
      free(buf);
      ran++;
    }
    free(names[i]);
  }
  free(names);
  printf("%zu inputs replayed from %s\n", ran, argv[1]);
  return ran ? 0 : 1;
}
