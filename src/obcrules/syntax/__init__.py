"""Syntax: the lark grammar, the indentation postlexer, the parser facade and the transformer."""
