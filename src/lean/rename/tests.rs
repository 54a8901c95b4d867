//! The renaming, script in, script out.

use crate::lean::tests::lean;

#[test]
fn a_functions_variables_get_short_names_and_globals_properties_and_keys_keep_theirs() {
    assert_eq!(
        lean(
            "var top = 1;\n(function (window) {\n  var count = { count: top }, total = window.total;\n  function add(step) { count.count += step; return total; }\n  add(count.count);\n})(this);\n"
        ),
        "var top=1;(b=>{var a={count:top},c=b.total;function d(b){a.count+=b;return c}\nd(a.count)})(this);\n"
    );
}

#[test]
fn no_new_name_catches_a_global_or_an_outer_variable_used_inside() {
    // `a` is a global the inner function reads: its own variable is not called `a`.
    assert_eq!(
        lean("(function () { var first = 1; return function (x) { return a + x + first; }; })();"),
        "(()=>{var b=1;return c=>a+c+b;})();\n"
    );
}

#[test]
fn catch_parameters_and_named_function_expressions_have_their_own_scopes() {
    assert_eq!(
        lean(
            "(function () { try { go(); } catch (error) { show(error); } var again = function retry(n) { return n ? retry(n - 1) : again; }; })();"
        ),
        "(()=>{try{go()}catch(a){show(a)}var a=function c(b){return b?c(b-1):a};})();\n"
    );
}

#[test]
fn a_line_break_that_ends_a_var_statement_ends_its_names() {
    // `b` and `c` are an expression statement's globals, not declared.
    assert_eq!(
        lean("(function () { var x = 1\n b, c\n for (var k in o) k, x })();"),
        "(()=>{var a=1\nb,c\nfor(var d in o)d,a})();\n"
    );
}

#[test]
fn scripts_with_what_this_reader_does_not_follow_keep_every_name() {
    for script in [
        "(function () { var long = 1; eval('long'); })();",
        "(function () { var long = {}; with (long) { x; } })();",
        "(function () { let long = 1; return long; })();",
        "(function () { var long = (x) => x; })();",
        "(function () { var long = 1; return { long }; })();",
        "(function () { var long = { get x() { return 1; } }; })();",
        "(function () { var long = 1; outer: for (;;) { break outer; } })();",
        "(function () { if (x) { function long() {} } })();",
        "(function (long = 1) { return long; })();",
        "(function () { var { long } = o; })();",
        "(function () { try {} catch (long) { var long = 2; } })();",
        "(function () { var f = function long(long) { return long; }; })();",
        "(function () { var long = 1, arguments = 1; })();",
    ] {
        let out = lean(script);
        assert!(out.contains("long"), "{script} -> {out}");
    }
}

#[test]
fn objects_blocks_ternaries_and_cases_are_told_apart() {
    assert_eq!(
        lean(
            "(function (kind) { switch (kind) { case 'a': return { kind: kind ? kind : 1 }; default: { kind = 2; } } })();"
        ),
        "(a=>{switch(a){case'a':return{kind:a?a:1};default:{a=2}}})();\n"
    );
}
