// Where tests/unit still imports the runtime from; the runtime itself lives in testing/.
export * from '../../testing/createNodeUni'
