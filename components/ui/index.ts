export { Button, ButtonLink } from "./button";
export { Field, SelectField } from "./field";
export { Card, Notice, EmptyState, Spinner } from "./card";
export { PageError } from "./page-error";
