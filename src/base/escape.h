/*
 * escape.h: HTML and XML escaping, the one place it is done: the template
 * layer (src/web/template.c) escapes every value through it, and so do the
 * report's HTML renderer and SVG charts and the Atom feed of notices.
 */
#ifndef SP_ESCAPE_H
#define SP_ESCAPE_H

#include "buf.h"
#include "sp.h"

/*
 * Appends s to out with & < > " ' written as &amp; &lt; &gt; &quot; &#39;,
 * so the text is safe in HTML or XML element content and in quoted attribute
 * values. NULL appends nothing. Returns SP_OK, or the buffer's error
 * (SP_ENOMEM, SP_ETOOBIG), which is sticky on out (see buf.h).
 */
SP_MUST_USE enum sp_rc sp_html_escape(struct sp_buf *out, const char *s);

#endif
