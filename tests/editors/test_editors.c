/*
 * test_editors.c - the editors' files (editors/, docs/editors.md) against the
 * assembler: every JSON file parses and package.json's pieces point at each
 * other; the TextMate grammar and the Vim syntax file hold every mnemonic of
 * isa.def, every pseudo-instruction, directive, register, control register
 * and predefined name the assembler accepts, and no word it does not.
 * EDITORS_ROOT is the source tree.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmocka.h>

#include "asm.h"
#include "isa.h"

/* ---- Helpers ------------------------------------------------------------- */

static char *slurp(const char *rel)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", EDITORS_ROOT, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	return p;
}

static cJSON *parse_file(const char *rel)
{
	char *text = slurp(rel);
	cJSON *j = cJSON_Parse(text);
	if (!j)
		fail_msg("%s does not parse as JSON near: %.40s", rel, cJSON_GetErrorPtr());
	free(text);
	return j;
}

/* obj.a.b... by keys, failing if one is missing. */
static cJSON *get(cJSON *obj, const char *path)
{
	char key[64];
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, ".");
		snprintf(key, sizeof key, "%.*s", (int)n, p);
		obj = cJSON_IsArray(obj) ? cJSON_GetArrayItem(obj, atoi(key))
					 : cJSON_GetObjectItemCaseSensitive(obj, key);
		if (!obj)
			fail_msg("no %s (at '%s')", path, key);
		p += n + (p[n] == '.');
	}
	return obj;
}

static const char *get_string(cJSON *obj, const char *path)
{
	cJSON *s = get(obj, path);
	if (!cJSON_IsString(s))
		fail_msg("%s is not a string", path);
	return s->valuestring;
}

/* A set of words. */
struct words {
	char w[512][64];
	size_t n;
};

static bool has(const struct words *s, const char *w)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->w[i], w) == 0)
			return true;
	return false;
}

static void add(struct words *s, const char *w, size_t n)
{
	char buf[64];
	assert_true(n > 0 && n < sizeof buf);
	memcpy(buf, w, n);
	buf[n] = '\0';
	if (has(s, buf))
		return;
	assert_true(s->n < sizeof s->w / sizeof s->w[0]);
	strcpy(s->w[s->n++], buf);
}

/* ---- What the assembler accepts ------------------------------------------ */

enum kind { K_MNEMONIC, K_CR_MNEMONIC, K_PSEUDO, K_DIRECTIVE, K_REGISTER, K_CREG, K_PREDEFINED };

/* The words of a kind, from the tables the assembler reads. */
static void expected(enum kind k, struct words *s)
{
	char buf[64];
	const char *w;
	memset(s, 0, sizeof *s);
	switch (k) {
	case K_MNEMONIC:
	case K_CR_MNEMONIC:
		for (int i = 0; i < ISA_COUNT; i++)
			if (k == K_MNEMONIC || (isa_insns[i].flags & F_CR))
				add(s, isa_insns[i].mnemonic, strlen(isa_insns[i].mnemonic));
		break;
	case K_PSEUDO:
		for (size_t i = 0; (w = asm_pseudo_name(i)) != NULL; i++)
			add(s, w, strlen(w));
		break;
	case K_DIRECTIVE:
		for (size_t i = 0; (w = asm_directive_name(i)) != NULL; i++)
			add(s, w, strlen(w));
		break;
	case K_REGISTER:
		for (int r = 0; r < REG_COUNT; r++) {
			snprintf(buf, sizeof buf, "r%d", r);
			add(s, buf, strlen(buf));
			add(s, isa_reg_names[r], strlen(isa_reg_names[r]));
		}
		break;
	case K_CREG:
		for (int c = 0; c < CR_COUNT; c++) {
			size_t n = strlen(isa_cregs[c].name);
			for (size_t i = 0; i <= n; i++)
				buf[i] = (char)tolower((unsigned char)isa_cregs[c].name[i]);
			add(s, buf, n);
		}
		break;
	case K_PREDEFINED:
		for (size_t i = 0; asm_predefined_name(i, buf, sizeof buf); i++)
			add(s, buf, strlen(buf));
		break;
	}
	assert_true(s->n > 0);
}

/* Does the assembler take the line tmpl, with w for each '@', without an
 * error? */
static bool assembles(const char *tmpl, const char *w)
{
	char src[300] = "\t.text\n";
	size_t n = strlen(src);
	for (const char *p = tmpl; *p; p++) {
		const char *piece = *p == '@' ? w : p;
		size_t len = *p == '@' ? strlen(w) : 1;
		assert_true(n + len + 2 < sizeof src);
		memcpy(src + n, piece, len);
		n += len;
	}
	src[n++] = '\n';
	struct asm_source s = { "t.s", src, n };
	struct asm_input in = { &s, 1, NULL, 0, NULL, false };
	uint8_t *image;
	size_t len;
	int errors = asm_assemble(&in, &image, &len, NULL);
	free(image);
	return errors == 0;
}

/* The found words are exactly the expected ones; and the assembler takes
 * each found word where a word of its kind goes, when one line shows it. */
static void check_words(const char *where, enum kind k, const struct words *found)
{
	static const char *const lines[] = {
		[K_REGISTER] = "\tmov\t@, @",
		[K_CREG] = "\tmfcr\tt0, @",
		[K_PREDEFINED] = "\tli\tt0, @",
	};
	struct words want;
	expected(k, &want);
	for (size_t i = 0; i < want.n; i++)
		if (!has(found, want.w[i]))
			fail_msg("%s: '%s' is missing", where, want.w[i]);
	for (size_t i = 0; i < found->n; i++) {
		if (!has(&want, found->w[i]))
			fail_msg("%s: '%s' is no word of its kind to the assembler", where, found->w[i]);
		if ((size_t)k < sizeof lines / sizeof lines[0] && lines[k]
		    && !assembles(lines[k], found->w[i]))
			fail_msg("%s: the assembler refuses '%s'", where, found->w[i]);
	}
}

/*
 * The literal words of a regular expression, of the characters a name may
 * have: lookarounds and bracket expressions are skipped, an escaped
 * character in lit is a literal, any other escape ends a word.
 */
static void regex_words(const char *re, const char *lit, struct words *out)
{
	char w[64];
	size_t n = 0;
	memset(out, 0, sizeof *out);
	for (const char *p = re;; p++) {
		char c = *p;
		bool word = c && (strchr("._$", c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
				  || (c >= '0' && c <= '9'));
		if (c == '\\' && p[1] && strchr(lit, p[1])) {
			c = *++p;
			word = true;
		}
		if (word) {
			assert_true(n < sizeof w - 1);
			w[n++] = c;
			continue;
		}
		if (n)
			add(out, w, n);
		n = 0;
		if (!c)
			break;
		if (c == '\\' && p[1]) {
			p++;
		} else if (c == '[') {
			p += p[1] == '^' || p[1] == ']';
			while (p[1] && p[1] != ']')
				p += 1 + (p[1] == '\\');
			p++;
		} else if (c == '(' && p[1] == '?' && (p[2] == '=' || p[2] == '!' || p[2] == '<')
			   && !(p[2] == '<' && p[3] != '=' && p[3] != '!')) {
			int depth = 1;
			p += 2;
			while (depth && p[1]) {
				p++;
				if (*p == '\\' && p[1])
					p++;
				else if (*p == '[')
					while (p[1] && p[1] != ']')
						p += 1 + (p[1] == '\\');
				else
					depth += (*p == '(') - (*p == ')');
			}
		}
	}
}

/* ---- The VS Code extension ----------------------------------------------- */

/* Every attribute of a launch configuration is one package.json declares. */
static void check_declared(cJSON *pkg, cJSON *cfg, const char *where)
{
	cJSON *props = get(pkg, "contributes.debuggers.0.configurationAttributes.launch.properties");
	for (cJSON *a = cfg->child; a; a = a->next)
		if (strcmp(a->string, "type") && strcmp(a->string, "request") && strcmp(a->string, "name")
		    && !cJSON_GetObjectItemCaseSensitive(props, a->string))
			fail_msg("%s: '%s' is not a declared attribute", where, a->string);
}

/* Every JSON file parses; package.json's language, grammar, configuration
 * and debugger point at each other and at files that exist. */
static void test_vscode_package(void **state)
{
	(void)state;
	cJSON *pkg = parse_file("editors/vscode/package.json");
	assert_string_equal(get_string(pkg, "contributes.languages.0.id"), "ldx-asm");
	assert_string_equal(get_string(pkg, "contributes.grammars.0.language"), "ldx-asm");
	assert_string_equal(get_string(pkg, "contributes.breakpoints.0.language"), "ldx-asm");
	assert_string_equal(get_string(pkg, "contributes.debuggers.0.languages.0"), "ldx-asm");
	assert_string_equal(get_string(pkg, "contributes.debuggers.0.type"), "ldx");

	char rel[256];
	snprintf(rel, sizeof rel, "editors/vscode/%s",
		 get_string(pkg, "contributes.languages.0.configuration"));
	cJSON *conf = parse_file(rel);
	assert_string_equal(get_string(conf, "comments.lineComment"), "#");
	cJSON_Delete(conf);

	snprintf(rel, sizeof rel, "editors/vscode/%s", get_string(pkg, "contributes.grammars.0.path"));
	cJSON *grammar = parse_file(rel);
	assert_string_equal(get_string(grammar, "scopeName"),
			    get_string(pkg, "contributes.grammars.0.scopeName"));
	cJSON_Delete(grammar);

	snprintf(rel, sizeof rel, "editors/vscode/%s", get_string(pkg, "main"));
	free(slurp(rel));

	/* the launch configuration it offers uses only attributes it declares */
	check_declared(pkg, get(pkg, "contributes.debuggers.0.initialConfigurations.0"),
		       "package.json, initialConfigurations");
	cJSON_Delete(pkg);
}

/* The launch.json shown in docs/editors.md parses, and uses only the
 * attributes package.json declares. */
static void test_docs_launch_json(void **state)
{
	(void)state;
	char *doc = slurp("docs/editors.md");
	cJSON *pkg = parse_file("editors/vscode/package.json");
	int blocks = 0;
	for (char *p = doc; (p = strstr(p, "```json\n")) != NULL;) {
		p += 8;
		char *end = strstr(p, "```");
		assert_non_null(end);
		*end = '\0';
		cJSON *j = cJSON_Parse(p);
		if (!j)
			fail_msg("docs/editors.md: a json block does not parse near: %.40s",
				 cJSON_GetErrorPtr());
		cJSON *cfgs = cJSON_GetObjectItemCaseSensitive(j, "configurations");
		cJSON *cfg;
		cJSON_ArrayForEach(cfg, cfgs) {
			assert_string_equal(get_string(cfg, "type"), "ldx");
			check_declared(pkg, cfg, "docs/editors.md");
		}
		cJSON_Delete(j);
		blocks++;
		p = end + 1;
	}
	assert_true(blocks > 0);
	cJSON_Delete(pkg);
	free(doc);
}

/* Each list of the grammar holds exactly the words of its table. */
static void test_textmate_words(void **state)
{
	(void)state;
	static const struct {
		const char *rule, *key;
		enum kind kind;
	} rules[] = {
		{ "mnemonics", "match", K_MNEMONIC },
		{ "cr-instruction", "begin", K_CR_MNEMONIC },
		{ "pseudo-instructions", "match", K_PSEUDO },
		{ "directives", "match", K_DIRECTIVE },
		{ "registers", "match", K_REGISTER },
		{ "control-registers", "match", K_CREG },
		{ "predefined", "match", K_PREDEFINED },
	};
	cJSON *g = parse_file("editors/vscode/syntaxes/ldx-asm.tmLanguage.json");
	cJSON *repo = get(g, "repository");
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		char path[64], where[128];
		snprintf(path, sizeof path, "%s.%s", rules[i].rule, rules[i].key);
		snprintf(where, sizeof where, "ldx-asm.tmLanguage.json, %s", path);
		struct words found;
		regex_words(get_string(repo, path), ".$^*+?()[]{}|\\/", &found);
		check_words(where, rules[i].kind, &found);
	}
	/* and the top level uses each of them */
	char *top = cJSON_PrintUnformatted(get(g, "patterns"));
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		char inc[64];
		snprintf(inc, sizeof inc, "\"#%s\"", rules[i].rule);
		if (strcmp(rules[i].rule, "registers") && strcmp(rules[i].rule, "predefined")
		    && strcmp(rules[i].rule, "control-registers") && !strstr(top, inc))
			fail_msg("the grammar's patterns do not include %s", inc);
	}
	free(top);
	cJSON_Delete(g);
}

/* ---- Vim ----------------------------------------------------------------- */

/* The words of every ':syn keyword GROUP' line, and of ':syn match GROUP'. */
static void vim_group(const char *text, const char *cmd, const char *group, struct words *out)
{
	static const char *const options[] = { "contained", "skipwhite", "skipnl", "skipempty",
					       "transparent", "display", "extend" };
	char head[64];
	snprintf(head, sizeof head, "syn %s %s ", cmd, group);
	memset(out, 0, sizeof *out);
	for (const char *p = text; (p = strstr(p, head)) != NULL; p++) {
		if (p != text && p[-1] != '\n')
			continue;
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char line[4096];
		assert_true(len < sizeof line);
		snprintf(line, sizeof line, "%.*s", (int)(len - strlen(head)), p + strlen(head));
		if (strcmp(cmd, "match") == 0) {
			struct words w;
			char *pat = line + 1, *close = strrchr(pat, line[0]);
			assert_non_null(close);
			*close = '\0';
			regex_words(pat, ".$*~[]\\/^", &w);
			for (size_t i = 0; i < w.n; i++)
				add(out, w.w[i], strlen(w.w[i]));
			continue;
		}
		for (char *tok = strtok(line, " \t"); tok; tok = strtok(NULL, " \t")) {
			bool option = strchr(tok, '=') != NULL;
			for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
				option |= strcmp(tok, options[i]) == 0;
			if (!option)
				add(out, tok, strlen(tok));
		}
	}
	if (!out->n)
		fail_msg("ldxasm.vim: no 'syn %s %s' line", cmd, group);
}

static void test_vim_words(void **state)
{
	(void)state;
	static const struct {
		const char *group;
		enum kind kind;
	} groups[] = {
		{ "ldxInstruction", K_MNEMONIC },
		{ "ldxPseudo", K_PSEUDO },
		{ "ldxDirective", K_DIRECTIVE },
		{ "ldxRegister", K_REGISTER },
		{ "ldxPredefined", K_PREDEFINED },
	};
	char *vim = slurp("editors/vim/syntax/ldxasm.vim");
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
		struct words found;
		char where[64];
		snprintf(where, sizeof where, "ldxasm.vim, %s", groups[i].group);
		vim_group(vim, "keyword", groups[i].group, &found);
		check_words(where, groups[i].kind, &found);
	}
	/* ldxCreg: the control registers, after the instructions that take them */
	struct words found, crs, mn;
	vim_group(vim, "match", "ldxCreg", &found);
	expected(K_CREG, &crs);
	expected(K_CR_MNEMONIC, &mn);
	for (size_t i = 0; i < crs.n; i++)
		if (!has(&found, crs.w[i]))
			fail_msg("ldxasm.vim, ldxCreg: '%s' is missing", crs.w[i]);
	for (size_t i = 0; i < mn.n; i++)
		if (!has(&found, mn.w[i]))
			fail_msg("ldxasm.vim, ldxCreg: '%s' is missing", mn.w[i]);
	for (size_t i = 0; i < found.n; i++)
		if (!has(&crs, found.w[i]) && !has(&mn, found.w[i]))
			fail_msg("ldxasm.vim, ldxCreg: '%s' is no control register", found.w[i]);
	free(vim);
}

/* The extractor itself: lookarounds and classes are no words. */
static void test_regex_words(void **state)
{
	(void)state;
	struct words w;
	regex_words("(?<![A-Za-z0-9_.$])(?:\\.text|\\.data)(?![A-Za-z0-9_.$])", ".$", &w);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.w[0], ".text");
	assert_string_equal(w.w[1], ".data");
	regex_words("(?:^|(?<=:))\\s*(add|sub)(?!x)", ".$", &w);
	assert_int_equal(w.n, 2);
	regex_words("\\%(\\<\\%(mfcr\\)\\s[^#;]*\\)\\@<=\\<\\%(status\\|base\\)\\>", ".$", &w);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.w[2], "base");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex_words),
		cmocka_unit_test(test_vscode_package),
		cmocka_unit_test(test_docs_launch_json),
		cmocka_unit_test(test_textmate_words),
		cmocka_unit_test(test_vim_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
