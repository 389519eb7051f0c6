// The view: pure presentation of the model (data in, strings out), shared by the screen and `--once`.
export * from './format';
export * from './columns';
export * from './layout';
export * from './rows';
export * from './plain';
export * from './details';
