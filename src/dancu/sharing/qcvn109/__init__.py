"""Citizen data messages modelled on QCVN 109:2017/BTTTT (XML), exported and imported.

The official XSD files (Phụ lục C, D) are not available to dancu: the schema in ``schema/`` is
*modelled on* the published structure [M]. Every element name and code mapping lives in
:mod:`dancu.sharing.qcvn109.mapping`, so swapping in the official schema is a data change.
"""
