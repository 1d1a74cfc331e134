// The external scanner of the Parley grammar. Its only token,
// `keyword_is_not_a_name`, is never produced: the grammar puts it after a keyword
// written where a name belongs, so such a keyword always ends in an ERROR
// node, the way the language reserves its keywords.

#include "tree_sitter/parser.h"

void *tree_sitter_parley_external_scanner_create(void) { return NULL; }

void tree_sitter_parley_external_scanner_destroy(void *payload) { (void)payload; }

unsigned tree_sitter_parley_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}

void tree_sitter_parley_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

bool tree_sitter_parley_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  (void)payload;
  (void)lexer;
  (void)valid_symbols;
  return false;
}
