-- One database per service: each service owns its data.
create database b2b_agreements;
create database b2b_catalog;
create database b2b_ordering;
create database b2b_approvals;
create database b2b_invoicing;
create database b2b_delivery;
