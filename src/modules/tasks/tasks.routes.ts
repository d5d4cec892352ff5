// /tasks: thin routes over TasksService.
import { afterOf } from '../../kernel/http/cursor.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { setEtag } from '../../kernel/http/concurrency.ts';
import { DateTime, Nullable, Page, pageQuery, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import type { TasksService } from './tasks.service.ts';

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 2000, description: 'Keep it factual: what is to be done, not the client’s story' });
const Due = {
  dueInWorkingDays: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 250,
      description: 'Due at the end of the N-th working day from today (0: today, or the next working day)',
    }),
  ),
  dueOn: Type.Optional(
    Type.String({ format: 'date', description: 'Due at the end of this day (Amsterdam time); give this or dueInWorkingDays' }),
  ),
};
const Status = StringEnum(['open', 'done', 'cancelled']);
const TaskParams = Type.Object({ taskId: Uuid });

const TaskSchema = Type.Object({
  id: Uuid,
  caseId: Nullable(Uuid),
  referralId: Nullable(Uuid),
  owningUnitId: Uuid,
  title: Type.String(),
  description: Nullable(Type.String()),
  assigneeUserId: Nullable(Uuid),
  dueAt: DateTime,
  overdue: Type.Boolean(),
  status: Status,
  createdBy: Nullable(Uuid),
  createdAt: DateTime,
  completedAt: Nullable(DateTime),
  cancelReason: Nullable(Type.String()),
  version: Type.Integer({ description: 'Send back on changes; a stale version gets 412' }),
  allowedActions: Type.Array(Type.String()),
});

export function tasksRoutes(tasks: TasksService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['tasks'];
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary:
            'Tasks you can see: mine (assigned to me), team (the units whose task list you read) or all; overdue first, then by due moment',
          querystring: Type.Object(
            {
              view: StringEnum(['mine', 'team', 'all'], { default: 'mine' }),
              unitId: Type.Optional(Uuid),
              status: Type.Optional(Status),
              caseId: Type.Optional(Uuid),
              referralId: Type.Optional(Uuid),
              ...pageQuery(),
            },
            { additionalProperties: false },
          ),
          response: { 200: Page(TaskSchema) },
        },
      },
      async (request) => {
        const { after, status, ...query } = request.query;
        return tasks.list(request.actorContext(), { ...query, status: status ?? 'open', ...afterOf(after) });
      },
    );

    app.post(
      '/',
      {
        config: { access: { permission: 'tasks.create' }, idempotency: true },
        schema: {
          tags,
          summary: 'Create a task on a case or a referral you can see, for a colleague or for the team',
          body: Type.Object(
            {
              caseId: Type.Optional(Uuid),
              referralId: Type.Optional(Uuid),
              title: Title,
              description: Type.Optional(Nullable(Description)),
              assigneeUserId: Type.Optional(Nullable(Uuid)),
              ...Due,
            },
            { additionalProperties: false },
          ),
          response: { 201: TaskSchema },
        },
      },
      async (request, reply) => {
        const task = await tasks.create(request.actorContext(), request.body);
        setEtag(reply, 'task', task.id, task.version);
        return reply.code(201).send(task);
      },
    );

    app.get(
      '/:taskId',
      {
        config: { access: { authenticated: true } },
        schema: { tags, summary: 'One task (audited); 404 when not visible to you', params: TaskParams, response: { 200: TaskSchema } },
      },
      async (request, reply) => {
        const task = await tasks.get(request.actorContext(), request.params.taskId);
        setEtag(reply, 'task', task.id, task.version);
        return task;
      },
    );

    app.patch(
      '/:taskId',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Change an open task: title, description, assignee (null: the team), due date',
          params: TaskParams,
          body: Type.Object(
            {
              version: Type.Integer(),
              title: Type.Optional(Title),
              description: Type.Optional(Nullable(Description)),
              assigneeUserId: Type.Optional(Nullable(Uuid)),
              ...Due,
            },
            { additionalProperties: false },
          ),
          response: { 200: TaskSchema },
        },
      },
      async (request, reply) => {
        const task = await tasks.update(request.actorContext(), request.params.taskId, request.body);
        setEtag(reply, 'task', task.id, task.version);
        return task;
      },
    );

    app.post(
      '/:taskId/complete',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Mark an open task done',
          params: TaskParams,
          body: Type.Object({ version: Type.Integer() }, { additionalProperties: false }),
          response: { 200: TaskSchema },
        },
      },
      async (request, reply) => {
        const task = await tasks.complete(request.actorContext(), request.params.taskId, request.body);
        setEtag(reply, 'task', task.id, task.version);
        return task;
      },
    );

    app.post(
      '/:taskId/cancel',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Cancel an open task with a reason (the team, or whoever made it)',
          params: TaskParams,
          body: Type.Object(
            { version: Type.Integer(), reason: Type.String({ minLength: 3, maxLength: 2000 }) },
            { additionalProperties: false },
          ),
          response: { 200: TaskSchema },
        },
      },
      async (request, reply) => {
        const task = await tasks.cancel(request.actorContext(), request.params.taskId, request.body);
        setEtag(reply, 'task', task.id, task.version);
        return task;
      },
    );
  };
}
