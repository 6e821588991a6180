/*
 * test_sources.c: citations read as sources (issue 11): each of the five
 * documents' file names becomes its title, the part after it reads as words
 * (questions, paragraphs, sections), a bare section of the guidance gains the
 * guidance's title, and text without a citation is left alone.
 */
#include "testutil.h"

#include "base/alloc.h"
#include "core/sources.h"

/* The rewrite of in, or in itself when nothing changed. */
static char *cite(const char *in) {
  char *out = NULL;
  int r = sp_sources_cite(in, 1, &out);
  assert_true(r == 0 || r == 1);
  if (r == 0) {
    assert_null(out);
    return sp_strdup(in);
  }
  return out;
}

static void expect(const char *in, const char *want) {
  char *got = cite(in);
  assert_string_equal(got, want);
  sp_free(got);
}

static void questions_and_sections(void **state) {
  (void)state;
  expect("000_7a3ba3d30b329542.txt Q12", "Train to Gain sector compacts Q&A (LSC, 2009), question 12");
  expect("follows the compact's term (000_7a3ba3d30b329542.txt Q6, Q12)",
         "follows the compact's term (Train to Gain sector compacts Q&A (LSC, 2009), questions 6 "
         "and 12)");
  expect("000_7a3ba3d30b329542.txt Q1 and Q3",
         "Train to Gain sector compacts Q&A (LSC, 2009), questions 1 and 3");
  expect("000_7a3ba3d30b329542.txt Q1, Q5, Q9; lead body",
         "Train to Gain sector compacts Q&A (LSC, 2009), questions 1, 5 and 9; lead body");
  expect("004_34ac84fe2e6428e6.txt 4.2.1", "Statutory guidance (DfE, August 2022), section 4.2.1");
  expect("004_34ac84fe2e6428e6.txt, Annex B", "Statutory guidance (DfE, August 2022), Annex B");
  expect("see ../shared/seeds/004_34ac84fe2e6428e6.txt sections 5.2, 6",
         "see Statutory guidance (DfE, August 2022), sections 5.2, 6");
  expect("001_9b32e24159a7efe3.txt section 1: avoid duplication",
         "Northwest Sector Skills and Productivity Alliances (PRO INNO Europe, 2008), section 1: "
         "avoid duplication");
  expect("002_ff544af7dd4315b9.txt para 49: the aspiration",
         "Quality Skills, Quality Services: One Year On (Cabinet Office, 2010), paragraph 49: the "
         "aspiration");
  expect("003_74d2a3b73f9382d8.txt \"Shared aims\"",
         "Leicestershire learning and skills Compact (LSC and VCS, 2005), \"Shared aims\"");
}

static void bare_guidance_sections(void **state) {
  (void)state;
  expect("section 4.2.1 (within 28 days of designation)",
         "Statutory guidance (DfE, August 2022), section 4.2.1 (within 28 days of designation)");
  expect("sections 1.5, 6.6 (plans drawn up for three years)",
         "Statutory guidance (DfE, August 2022), sections 1.5, 6.6 (plans drawn up for three years)");
}

static void other_text_unchanged(void **state) {
  (void)state;
  char *out = (char *)1;
  /* What people typed that starts with "section" is theirs. */
  assert_int_equal(sp_sources_cite("sections of the workforce need retraining", 0, &out), 0);
  assert_null(out);
  assert_int_equal(sp_sources_cite("notes.txt and a plain sentence", 1, &out), 0);
  assert_null(out);
  assert_int_equal(sp_sources_cite("005_0000000000000000.txt Q1", 1, &out), 0);
  assert_int_equal(sp_sources_cite("x000_7a3ba3d30b329542.txt", 1, &out), 0); /* not a word start */
  assert_int_equal(sp_sources_cite(NULL, 1, &out), 0);
  assert_int_equal(sp_sources_cite("", 1, &out), 0);
}

static void table_and_lookup(void **state) {
  (void)state;
  size_t n;
  const struct sp_source *s = sp_sources_list(&n);
  assert_int_equal(n, 5);
  for (size_t i = 0; i < n; i++) {
    assert_ptr_equal(sp_source_find(s[i].file), &s[i]);
    assert_non_null(strstr(s[i].title, "("));
  }
  assert_ptr_equal(sp_source_find("seeds/004_34ac84fe2e6428e6.txt"), &s[4]);
  assert_null(sp_source_find("004_34ac84fe2e6428e6.txt.bak"));
  assert_null(sp_source_find(NULL));
  assert_ptr_equal(sp_sources_first("see 002_ff544af7dd4315b9.txt para 49 and 000_7a3ba3d30b329542.txt"), &s[2]);
  assert_ptr_equal(sp_sources_first("section 4.3.1 (six-weekly)"), &s[4]);
  assert_null(sp_sources_first("notes.txt"));
  assert_null(sp_sources_first(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(questions_and_sections),
      cmocka_unit_test(bare_guidance_sections),
      cmocka_unit_test(other_text_unchanged),
      cmocka_unit_test(table_and_lookup),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
