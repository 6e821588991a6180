/*
 * replay_main.c: runs a fuzz target without libFuzzer: feeds every file in
 * the directory argv[1] to LLVMFuzzerTestOneInput once, so each target's
 * corpus replays under ctest (CMakeLists.txt builds <target>_replay). Exit 0
 * when every input ran; a crash or sanitizer report fails the test.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 1;
  }
  DIR *d = opendir(argv[1]);
  if (!d) {
    fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  struct dirent *e;
  int n = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
    FILE *f = fopen(path, "rb");
    if (!f)
      continue;
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + len, 1, cap - len, f)) > 0) {
      len += r;
      if (len == cap) {
        uint8_t *nb = realloc(buf, cap * 2);
        if (!nb)
          break;
        buf = nb;
        cap *= 2;
      }
    }
    fclose(f);
    if (buf)
      LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    n++;
  }
  closedir(d);
  printf("replayed %d inputs from %s\n", n, argv[1]);
  return 0;
}
