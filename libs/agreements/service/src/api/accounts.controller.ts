import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@b2b/kernel';
import { AnyRole, CurrentActor, Public, Roles } from '@b2b/auth';
import { Idempotent, WithoutIdempotencyKey } from '@b2b/nest';
import { AccountsHandler, type CompanyView, type TokenResponse, type UserView } from '../application/accounts.handler.js';
import { ChangePasswordRequest, CreateCompanyRequest, DeactivateUserRequest, InviteUserRequest, TokenRequest } from './dto/account.requests.js';

@ApiTags('identity')
@ApiBearerAuth()
@Idempotent()
@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsHandler) {}

  @Post('auth/token')
  @Public()
  @WithoutIdempotencyKey('issues a token and changes nothing; a kept answer would keep a bearer token')
  @HttpCode(200)
  token(@Body() body: TokenRequest, @Req() request: FastifyRequest): Promise<TokenResponse> {
    return this.accounts.token(body.email, body.password, request.ip);
  }

  /** The signed-in user's new password; every earlier token is revoked, the answer is a new one. */
  @Post('auth/password')
  @AnyRole()
  @HttpCode(200)
  changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordRequest, @Req() request: FastifyRequest): Promise<TokenResponse> {
    return this.accounts.changePassword(actor, body.currentPassword, body.newPassword, request.ip);
  }

  @Post('companies')
  @Roles('supplier-admin', 'sales')
  createCompany(@CurrentActor() actor: Actor, @Body() body: CreateCompanyRequest): Promise<CompanyView> {
    return this.accounts.registerCompany(actor, body.name, body.locations);
  }

  @Get('companies/:id')
  @Roles('supplier-admin', 'sales', 'supplier-ops', 'supplier-finance', 'company-admin', 'procurement', 'requester', 'approver', 'receiver', 'finance')
  company(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<CompanyView> {
    return this.accounts.getCompany(actor, id);
  }

  @Post('companies/:id/users')
  @Roles('supplier-admin', 'company-admin')
  inviteUser(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: InviteUserRequest) {
    return this.accounts.inviteUser(actor, id, body);
  }

  @Get('companies/:id/users')
  @Roles('supplier-admin', 'company-admin')
  users(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserView[]> {
    return this.accounts.listUsers(actor, id);
  }

  @Post('companies/:companyId/users/:userId/deactivate')
  @Roles('supplier-admin', 'company-admin')
  @HttpCode(200)
  deactivateUser(
    @CurrentActor() actor: Actor,
    @Param('companyId', new ParseUUIDPipe()) companyId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() body: DeactivateUserRequest,
  ): Promise<{ id: string; active: false }> {
    return this.accounts.deactivateUser(actor, companyId, userId, body.reason);
  }
}
